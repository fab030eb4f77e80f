// The HCL parser against HashiCorp's own (hcl2json compiled to WASM, a development dependency
// kept as the oracle): the same JSON for every Terraform fixture and for the shapes real modules
// use, and an error wherever HashiCorp's parser gives one. Also its bounds on hostile input.

import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { parseHcl } from '../../src/parsers/hcl.js';
import { HclSyntaxError, hclToJson } from '../../src/parsers/hcl-syntax.js';

const oracle = async (text: string): Promise<unknown> => {
  const { parse } = await import('@cdktf/hcl2json');
  return parse('x.tf', text).then(
    (v) => v as unknown,
    () => 'error',
  );
};
const ours = (text: string): unknown => {
  try {
    return JSON.parse(JSON.stringify(hclToJson(text))) as unknown;
  } catch (e) {
    if (e instanceof HclSyntaxError) return 'error';
    throw e;
  }
};

const VALID = [
  'a = "%{ if x }yes%{ else }no%{ endif }"',
  'a = "%{for k, v in m}${k}=${v},%{endfor}"',
  'a = "x ${~ y ~} z"',
  'a = <<-EOT\n    hello ${name}\n      world\n    EOT\n',
  'a = <<-E\n    a\n     \n    b ${x\n}  c\n    d\n    E\n',
  'a = [for x in! y: x if! x]\nb = x. y\nc = "${x.\ny}"',
  'a = <<EOT\n$${x} and %%{y}\nEOT\n',
  'a = "${"in"}ner" \n b = "$${literal}"',
  'a = var.list[*].id\nb = var.list.*.id\nc = var.list.0\nd = a.b["c"]\ne = a[b]',
  'a = provider::aws::arn_parse(x)\nb = x.5e3.y',
  'a = 1 # c\nb = 2 // d\nc /* x */ = 3',
  'a = 1\r\nb { c = 2 }\r\n',
  'x {}\ny "a" "b" {\n  z = 1\n}\ny "a" "c" {\n}\nz = 1\n',
  'a = [\n  1,\n  2,\n]\nb = {\n  c = 1\n  "d" = [1,\n 2]\n  e: 3, f = 4\n}\n',
  'a = x ? y : z\nb = f(x...)\nc = "${x}"\nd = "${true}"\ne = "${1}b"\nf = "${a ? "x" : ""}"',
  'a = {for k, v in m : k => v... if v}\nb = [for x in y: x if x != null]',
  'a = 1 == 2 || !b && c >= 3\nb = -1\nc = !true\nd = -var.x\ne = (1)\nf = 1.50\ng = 1e3\nh = !!true',
  'type = string\nt2 = list(object({ a = string }))\nn = null',
  'locals {\n  x = merge([\n    for p in var.pools : {\n      "${p.name}" : p.subnet,\n    }\n  ]...)\n}\n',
  'a = "\\u0041\\n\\t\\"\\\\ años"',
  'a = { (var.x) = 1, "${var.y}" = 2, 3 = "c" }\nproviders = { null = provider.null.a, true = 1 }',
  'resource aws_s3_bucket b {\n  bucket = "x"\n  dynamic "rule" {\n    for_each = var.rules\n    content {\n      id = rule.value.id\n    }\n  }\n}\n',
  '',
];

const INVALID = [
  'resource "x" "y" {\n  a = \n',
  'a = "x',
  'a = "x\ny"',
  'a = [1, 2',
  'a = {b = 1',
  'a = 1\na = 2',
  'a = 1 b = 2',
  'a = <<EOT\nx\n',
  'a = "\\q"',
  'a = "\\uD800"',
  'x "a" {\n}\nx "a" "b" {\n}\n',
  'a = x ? y',
  'b { c = 1 d = 2 }',
  'b { c {} }',
  'a = "%{if x}y"',
  'a = "%{endif}"',
  'a = b\n  + c',
  'a = .5',
  '"a" = 1',
  'a = "${}"',
  'b {\n  a = x }\n',
  'b {\n  c { d = 1 } }\n',
  'a = x.1.5',
  'a = !0',
  'a = -null',
  'a = f(x..., y)',
  'a = x.\n  y',
];

describe('the HCL parser', () => {
  it('gives what HashiCorp\'s parser gives for every Terraform fixture', async () => {
    const files = await fg('fixtures/**/*.{tf,tfvars,hcl}', { dot: true });
    expect(files.length).toBeGreaterThan(10);
    const wrong: string[] = [];
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      if (JSON.stringify(ours(text)) !== JSON.stringify(await oracle(text))) wrong.push(f);
    }
    expect(wrong).toEqual([]);
  });

  it('gives what HashiCorp\'s parser gives for templates, heredocs, splats, for expressions and operators', async () => {
    const wrong: string[] = [];
    for (const text of VALID) {
      const expected = await oracle(text);
      expect(expected, text).not.toBe('error');
      if (JSON.stringify(ours(text)) !== JSON.stringify(expected)) wrong.push(`${text}\n  ours: ${JSON.stringify(ours(text))}\n  theirs: ${JSON.stringify(expected)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('refuses what HashiCorp\'s parser refuses, with the line and column', async () => {
    for (const text of INVALID) {
      expect(await oracle(text), text).toBe('error');
      expect(ours(text), text).toBe('error');
    }
    expect(parseHcl('x.tf', 'a = 1\nb = "x\n').error).toEqual({ message: 'x.tf:2,7: Invalid multi-line string', position: { line: 2, column: 7 } });
  });

  it('stops at 64 levels of nesting, however they are written, and parses 64 with little stack', () => {
    for (const deep of ['a = ' + '['.repeat(300), 'a = ' + '"${'.repeat(300), 'a = ' + '(x ? '.repeat(300), 'b {\n'.repeat(300), 'a = ' + '{ b = '.repeat(300), `x ${'"a" '.repeat(300)}{\n}\n`]) {
      expect(parseHcl('x.tf', deep).error?.message).toMatch(/nested deeper than 64 levels/);
    }
    // 63 levels of each kind parse; a detector may ask for the parse from deep in its own calls.
    const within = (depth: number): unknown => (depth === 0 ? ['a = ' + '['.repeat(63) + ']'.repeat(63), 'a = ' + '"${'.repeat(63) + 'x' + '}"'.repeat(63), 'a = ' + 'f(('.repeat(31) + 'x' + '))'.repeat(31)].map((t) => parseHcl('x.tf', t).error) : within(depth - 1));
    expect(within(5000)).toEqual([undefined, undefined, undefined]);
  });

  it('reads hostile runs of spaces, unary operators and comments in linear time', () => {
    const started = Date.now();
    const nested = `a = ${'x ? y : '.repeat(60)}z${' '.repeat(4_000_000)}\n`;
    expect(parseHcl('x.tf', nested).error).toBeUndefined();
    // Brackets and braces alternate newline modes around one long run.
    expect(parseHcl('x.tf', `a = ${'[{b = '.repeat(30)}x${' '.repeat(4_000_000)}${'}]'.repeat(30)}\n`).error).toBeUndefined();
    // Only a literal right after the operator is evaluated (`!true`); `!!true` stays an expression.
    const negations = parseHcl('x.tf', `a = ${'!'.repeat(1_000_000)}true\n`).value?.a;
    expect(typeof negations === 'string' && negations.startsWith('${!!') && negations.length).toBe(1_000_007);
    expect(parseHcl('x.tf', `a = 1 /*${'*'.repeat(1_000_000)}`).error?.message).toMatch(/Unterminated block comment/);
    expect(parseHcl('x.tf', `${'<<A\n'.repeat(50_000)}`).error).toBeDefined();
    // Generous: each takes milliseconds; quadratic work would take minutes.
    expect(Date.now() - started).toBeLessThan(20_000);
  });
});
