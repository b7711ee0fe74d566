// tests/tools/glue-docs.mjs: which comments leave the wasm-bindgen glue and what stays.

import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { withoutDocBlocks } from '../tools/glue-docs.mjs';

test('doc blocks on their own lines go, code and other comments stay byte for byte', () => {
  const glue = [
    'export class Explorer {',
    '    /**',
    '     * Loads the preset with link name `id`.',
    '     * @param {string} id',
    '     */',
    '    applyPreset(id) { return "/** not a comment */"; }',
    '    /** @returns {number} */',
    '    step(n) { return n; } /** trailing, kept */',
    '    // a line comment, kept',
    '}',
    '',
  ].join('\n');
  assert.equal(
    withoutDocBlocks(glue),
    [
      'export class Explorer {',
      '    applyPreset(id) { return "/** not a comment */"; }',
      '    step(n) { return n; } /** trailing, kept */',
      '    // a line comment, kept',
      '}',
      '',
    ].join('\n'),
  );
});

test('make build leaves no doc block in the served glue, and its exports in place', () => {
  const text = readFileSync(new URL('../../www/pkg/gradscope_web.js', import.meta.url), 'utf8');
  assert.doesNotMatch(text, /^\s*\/\*\*/m);
  assert.match(text, /^export class Explorer \{$/m);
});
