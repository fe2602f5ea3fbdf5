/** `essaim gift parse FILE`, run as an operator would (no instance needed). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliHarness, ok } from './cli-harness.ts';

const { work, essaim, cleanup } = cliHarness('gift');
afterAll(cleanup);

describe('essaim gift parse', { timeout: 60_000 }, () => {
	it('prints the questions as JSON in Moodle names, exit 0', async () => {
		writeFileSync(
			join(work, 'good.gift'),
			'$CATEGORY: maths\n\n// [tag:easy] [id:pi-1]\n::Pi::What is π? {#3.14:0.01 ~#No}\n\n::Colour::Sky? {=blue ~red#No}\n'
		);
		const out = JSON.parse(ok(await essaim({}, 'gift', 'parse', 'good.gift')));
		expect(out.errors).toEqual([]);
		expect(out.questions).toEqual([
			{
				line: 4,
				qtype: 'numerical',
				name: 'Pi',
				questiontext: 'What is π?',
				questiontextformat: 'moodle',
				generalfeedback: '',
				answers: [
					{ text: '3.14', fraction: 1, feedback: '', tolerance: 0.01 },
					{ text: '*', fraction: 0, feedback: 'No' }
				],
				subquestions: [],
				category: 'maths',
				tags: ['easy'],
				idnumber: 'pi-1'
			},
			expect.objectContaining({ qtype: 'multichoice', name: 'Colour', single: true, line: 6, category: 'maths' })
		]);
	});

	it('prints the errors with line and column, keeps the valid questions, exit 1', async () => {
		writeFileSync(join(work, 'bad.gift'), '::A::Broken {=a\n\n::B::Fine {T}\n');
		const r = await essaim({}, 'gift', 'parse', 'bad.gift');
		expect(r.code).toBe(1);
		const out = JSON.parse(r.stdout);
		expect(out.questions.map((q: { name: string }) => q.name)).toEqual(['B']);
		expect(out.errors).toEqual([
			{ line: 1, column: 13, code: 'unclosed_brace', params: {}, message: 'the brace “{” is never closed by “}”.' }
		]);
		expect(r.stderr).toBe(`${join(work, 'bad.gift')}:1:13: the brace “{” is never closed by “}”.\n`);
	});

	it('exit 2 on a file it cannot read', async () => {
		const r = await essaim({}, 'gift', 'parse', 'missing.gift');
		expect(r.code).toBe(2);
		expect(r.stdout).toBe('');
		expect(r.stderr.trim().split('\n')).toEqual([expect.stringContaining('cannot read')]);
		expect((await essaim({}, 'gift', 'parse', '.')).code).toBe(2);
	});
});
