# runtime/: plan, apply, state, Cloudflare client, secrets. Every .c file here
# is part of domec; runtime never includes a lang/ header other than ir.h,
# span.h (and the lang.h entry points used by cli/).
DOMEC_SRCS += $(wildcard runtime/*.c)
