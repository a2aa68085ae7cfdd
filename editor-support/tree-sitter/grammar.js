/**
 * Tree-sitter grammar for .dome (domec programs and stacks/<stack>.dome).
 * Mirrors lang/parser.y, with the keywords the checker gives meaning to
 * (project, config, defaults, output, moved, removed, kinds, worker blocks)
 * as their own nodes so queries/highlights.scm can colour them.
 */
'use strict';

const KINDS = ['database', 'bucket', 'index', 'queue', 'kv', 'durable_object', 'worker'];
const TYPES = ['string', 'int', 'bool', 'secret', 'list'];

const commaSep1 = (rule) => seq(rule, repeat(seq(',', rule)));

module.exports = grammar({
  name: 'dome',

  word: ($) => $.identifier,

  extras: ($) => [/[ \t\r\n]/, $.comment],

  rules: {
    source_file: ($) => repeat(seq($._item, optional(','))),

    _item: ($) => choice(
      $.project_block,
      $.config_declaration,
      $.config_block,
      $.encryption_block,
      $.defaults_block,
      $.resource_block,
      $.output_declaration,
      $.moved_block,
      $.removed_block,
    ),

    comment: (_) => token(seq('#', /[^\n]*/)),

    project_block: ($) => seq('project', field('name', $.string), field('body', $.block)),

    config_declaration: ($) => seq(
      'config',
      field('name', $.identifier),
      ':',
      field('type', $.type),
      optional(seq('=', field('default', $._expression))),
    ),

    type: (_) => choice(...TYPES),

    config_block: ($) => seq('config', field('body', $.block)),

    encryption_block: ($) => seq('encryption', field('body', $.block)),

    defaults_block: ($) => seq('defaults', field('kind', $.kind), field('body', $.block)),

    resource_block: ($) => seq(
      field('kind', $.kind),
      field('label', $.identifier),
      field('body', $.block),
    ),

    kind: (_) => choice(...KINDS),

    output_declaration: ($) => seq(
      'output',
      field('name', $.identifier),
      '=',
      field('value', $._expression),
    ),

    // moved { from = KIND.OLD  to = KIND.NEW } and removed { from = KIND.LABEL
    // destroy = false }: the checker (lang/moves.c) checks the attributes
    moved_block: ($) => seq('moved', field('body', $.block)),

    removed_block: ($) => seq('removed', field('body', $.block)),

    block: ($) => seq('{', repeat(seq($._statement, optional(','))), '}'),

    _statement: ($) => choice($.attribute, $.nested_block, $.consumes_block, $.notify_block),

    attribute: ($) => seq(field('name', $.identifier), '=', field('value', $._expression)),

    nested_block: ($) => seq(
      field('type', $.block_type),
      field('body', $.block),
    ),

    block_type: (_) => choice('bindings', 'vars', 'secrets', 'observability'),

    consumes_block: ($) => seq(
      'consumes',
      field('queue', $.reference),
      field('body', $.block),
    ),

    // notify queue.x { events = [...] prefix = "..." }: a bucket's R2 event
    // notification rule
    notify_block: ($) => seq(
      'notify',
      field('queue', $.reference),
      field('body', $.block),
    ),

    // Expressions, loosest first: c ? a : b, ||, &&, == !=, !, primaries.
    _expression: ($) => choice($.conditional_expression, $._or),

    conditional_expression: ($) => seq(
      field('condition', $._or),
      '?',
      field('consequence', $._expression),
      ':',
      field('alternative', $._expression),
    ),

    _or: ($) => choice($.or_expression, $._and),
    or_expression: ($) => seq($._and, repeat1(seq('||', $._and))),

    _and: ($) => choice($.and_expression, $._comparison),
    and_expression: ($) => seq($._comparison, repeat1(seq('&&', $._comparison))),

    _comparison: ($) => choice($.comparison_expression, $._unary),
    comparison_expression: ($) => seq(
      field('left', $._unary),
      repeat1(seq(field('operator', choice('==', '!=')), field('right', $._unary))),
    ),

    _unary: ($) => choice($.not_expression, $._primary),
    not_expression: ($) => seq('!', field('operand', $._unary)),

    _primary: ($) => choice(
      $.string,
      $.decimal,
      $.integer,
      $.boolean,
      $.null,
      $.reference_with_settings,
      $.list,
      $.map,
      $.reference,
      $.config_reference,
      $.builtin_variable,
      $.call_expression,
      $.parenthesized_expression,
      $.identifier,
    ),

    parenthesized_expression: ($) => seq('(', $._expression, ')'),

    call_expression: ($) => seq(
      field('function', $.identifier),
      '(',
      optional(commaSep1($._expression)),
      ')',
    ),

    reference: ($) => seq(
      field('kind', $.kind),
      '.',
      field('label', $.identifier),
      optional(seq('.', field('attribute', $.identifier))),
    ),

    // a binding with its settings: EVENTS = queue.events { delivery_delay = 30 }
    reference_with_settings: ($) => seq(field('reference', $.reference), field('settings', $.map)),

    config_reference: ($) => seq('config', '.', field('name', $.identifier)),

    builtin_variable: (_) => choice('stack', 'project', 'ai'),

    list: ($) => seq('[', optional(seq(commaSep1($._expression), optional(','))), ']'),

    map: ($) => seq('{', repeat(seq($.attribute, optional(','))), '}'),

    string: ($) => seq(
      '"',
      repeat(choice($.interpolation, $.escape_sequence, $.string_content)),
      '"',
    ),

    // a lone '$' is text; '${' opens an interpolation (longest match)
    string_content: (_) => choice(token.immediate(prec(1, /[^"\\$\n]+/)), token.immediate('$')),

    escape_sequence: (_) => token.immediate(seq('\\', /["\\nt$]/)),

    interpolation: ($) => seq('${', $._expression, '}'),

    integer: (_) => /-?[0-9]+/,

    // a decimal number: digits on both sides of the point (0.1, -2.50)
    decimal: (_) => /-?[0-9]+\.[0-9]+/,

    boolean: (_) => choice('true', 'false'),

    null: (_) => 'null',

    identifier: (_) => /[A-Za-z_][A-Za-z0-9_]*/,
  },
});
