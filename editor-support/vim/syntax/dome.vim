" Vim syntax file
" Language:    Dome (.dome programs and stack files of domec)
" Highlights keywords, resource kinds and labels, attributes, references,
" strings with ${} interpolation, numbers, booleans, operators and comments.

if exists('b:current_syntax')
  finish
endif

let s:cpo_save = &cpo
set cpo&vim

syn case match
syn iskeyword @,48-57,_

" Comments
syn keyword domeTodo contained TODO FIXME XXX NOTE
syn match   domeComment "#.*$" contains=domeTodo,@Spell

" Literals
syn keyword domeBoolean true false null
syn match   domeNumber "\<-\=\d\+\(\.\d\+\)\=\>"
syn match   domeEscape contained +\\[\\"nt$]+
syn match   domeBadEscape contained +\\[^\\"nt$]+
syn region  domeInterpolation contained oneline matchgroup=domeInterpolationDelim start="\${" end="}" contains=@domeExpr,domeInterpMap
syn region  domeInterpMap contained transparent start="{" end="}" contains=@domeExpr,domeInterpMap
syn region  domeString oneline start=+"+ skip=+\\\\\|\\"+ end=+"+ contains=domeEscape,domeBadEscape,domeInterpolation,@Spell

" Expression atoms
syn match   domeBuiltinVar "\<\%(stack\|project\|ai\)\>"
syn match   domeFunction "\<\h\w*\ze\s*("
syn match   domeBuiltinFunc "\<\%(env\|file\|lower\|upper\|join\|replace\|secret\)\ze\s*("
syn match   domeReference "\<\%(database\|bucket\|index\|queue\|kv\|durable_object\|worker\)\.\h\w*\%(\.\h\w*\)\=" contains=domeRefKind,domeRefDot
syn match   domeRefKind contained "\<\%(database\|bucket\|index\|queue\|kv\|durable_object\|worker\)\ze\."
syn match   domeRefDot contained "\."
syn match   domeConfigRef "\<config\.\h\w*" contains=domeConfigKeyword,domeRefDot
syn match   domeConfigKeyword contained "\<config\ze\."
syn match   domeOperator "==\|!=\|&&\|||\|!\|?"
syn match   domeAssign "=\%(=\)\@!"

syn cluster domeExpr contains=domeComment,domeBoolean,domeNumber,domeString,domeBuiltinVar,domeFunction,domeBuiltinFunc,domeReference,domeConfigRef,domeOperator,domeTernaryColon

syn match   domeTernaryColon ":"

" Attributes: NAME = (not ==)
syn match   domeAttribute "\<\h\w*\ze\s*=\%(=\)\@!"

" Declarations
syn match   domeProjectDecl "\<project\ze\s\+\"" nextgroup=domeProjectName skipwhite
syn match   domeProjectName contained +"[^"\\$]*"+
syn match   domeConfigDecl "\<config\s\+\h\w*\s*:\s*\h\w*" contains=domeKeyword,domeConfigName,domeTypeSep,domeType
syn match   domeConfigName contained "\%(\<config\s\+\)\@<=\h\w*"
syn match   domeTypeSep contained ":"
syn keyword domeType contained string int bool secret list
syn match   domeKeyword "\<config\ze\s*{"
syn keyword domeKeyword contained config
syn match   domeDefaultsDecl "\<defaults\s\+\h\w*" contains=domeDefaultsKeyword,domeKind
syn keyword domeDefaultsKeyword contained defaults
syn keyword domeKind contained database bucket index queue kv durable_object worker
syn match   domeResourceDecl "\<\%(database\|bucket\|index\|queue\|kv\|durable_object\|worker\)\s\+\h\w*\ze\s*\%({\|#\|$\)" contains=domeKind,domeLabel
syn match   domeLabel contained "\s\zs\h\w*"
syn match   domeOutputDecl "\<output\s\+\h\w*\ze\s*=" contains=domeOutputKeyword,domeOutputName
syn keyword domeOutputKeyword contained output
syn match   domeOutputName contained "\s\zs\h\w*"
syn match   domeMoveKeyword "\<\%(moved\|removed\)\ze\s*\%({\|#\|$\)"
syn match   domeBlockKeyword "\<\%(bindings\|vars\|secrets\|encryption\|observability\)\ze\s*{"
syn keyword domeBlockKeyword consumes notify

hi def link domeTodo               Todo
hi def link domeComment            Comment
hi def link domeBoolean            Boolean
hi def link domeNumber             Number
hi def link domeString             String
hi def link domeEscape             SpecialChar
hi def link domeBadEscape          Error
hi def link domeInterpolationDelim Delimiter
hi def link domeBuiltinVar         Constant
hi def link domeFunction           Function
hi def link domeBuiltinFunc        Function
hi def link domeRefKind            Type
hi def link domeRefDot             Delimiter
hi def link domeReference          Identifier
hi def link domeConfigKeyword      Keyword
hi def link domeConfigRef          Identifier
hi def link domeOperator           Operator
hi def link domeTernaryColon       Operator
hi def link domeAssign             Operator
hi def link domeAttribute          Identifier
hi def link domeProjectDecl        Keyword
hi def link domeProjectName        Title
hi def link domeConfigName         Identifier
hi def link domeTypeSep            Delimiter
hi def link domeType               Type
hi def link domeKeyword            Keyword
hi def link domeDefaultsKeyword    Keyword
hi def link domeKind               Structure
hi def link domeLabel              Title
hi def link domeOutputKeyword      Keyword
hi def link domeOutputName         Title
hi def link domeMoveKeyword        Keyword
hi def link domeBlockKeyword       Keyword

let b:current_syntax = 'dome'

let &cpo = s:cpo_save
unlet s:cpo_save
