# runtime/: plan, apply, state, Cloudflare client, secrets; one archive per
# layer folder. The edges each folder may take are listed in
# docs/architecture.md and checked by `make check-deps` (mk/check-deps.sh).
$(eval $(call archive,base,$(wildcard runtime/base/*.c)))
$(eval $(call archive,net,$(wildcard runtime/net/*.c)))
$(eval $(call archive,store,$(wildcard runtime/store/*.c)))
$(eval $(call archive,secrets,$(wildcard runtime/secrets/*.c)))
$(eval $(call archive,build,$(wildcard runtime/build/*.c)))
$(eval $(call archive,model,$(wildcard runtime/model/*.c)))
$(eval $(call archive,plan,$(wildcard runtime/plan/*.c)))
$(eval $(call archive,providers,$(wildcard runtime/providers/*.c)))
$(eval $(call archive,exec,$(wildcard runtime/exec/*.c)))
$(eval $(call archive,import,$(wildcard runtime/import/*.c)))
