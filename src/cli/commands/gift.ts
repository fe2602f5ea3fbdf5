/**
 * `essaim gift …`: GIFT files (Moodle's text format for questions). One entry per subcommand in
 * `giftCommands`; `gift parse` reads a file without touching the instance.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseGift, type ParsedQuestion } from '#lib/server/features/questions/gift/parse.ts';
import { need, printJson, type Command } from '../context.ts';
import { giftBankCommands } from './gift-bank.ts';

/** A parsed question in Moodle's names, as `gift parse` prints it. */
export function questionJson(q: ParsedQuestion) {
	return {
		line: q.line,
		qtype: q.qtype,
		name: q.name,
		questiontext: q.questiontext,
		questiontextformat: q.questiontextformat,
		generalfeedback: q.generalfeedback,
		...(q.single === undefined ? {} : { single: q.single }),
		answers: q.answers.map((a) => ({
			text: a.text,
			fraction: a.fraction,
			feedback: a.feedback,
			...(a.tolerance === undefined ? {} : { tolerance: a.tolerance })
		})),
		subquestions: q.subquestions.map((s) => ({ text: s.text, answer: s.answer })),
		category: q.category,
		tags: q.tags,
		idnumber: q.idnumber
	};
}

const parseCommand: Command = {
	usage: 'gift parse FILE',
	summary:
		'Read a GIFT file and print its questions and errors as JSON (Moodle names). Exit 1 if it has errors, 2 if unreadable.',
	needsApp: false,
	async run({ positionals, env }) {
		const file = resolve(env.cwd, need(positionals, 0, 'FILE'));
		let text: string;
		try {
			text = await readFile(file, 'utf8');
		} catch (err) {
			const reason = err instanceof Error && 'code' in err ? String(err.code) : String(err);
			process.stderr.write(`essaim gift parse: cannot read ${file} (${reason})\n`);
			return 2;
		}
		const { questions, errors } = parseGift(text);
		printJson({ questions: questions.map(questionJson), errors });
		// Also one line per error on stderr, as compilers print them.
		for (const e of errors) process.stderr.write(`${file}:${e.line}:${e.column}: ${e.message}\n`);
		return errors.length ? 1 : 0;
	}
};

export const giftCommands: Record<string, Command> = {
	'gift parse': parseCommand,
	...giftBankCommands
};
