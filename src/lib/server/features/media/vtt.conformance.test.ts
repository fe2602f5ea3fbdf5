/**
 * WebVTT conformance against mozilla/vtt.js's own test files (../shared/fixtures/vtt/vttjs-tests,
 * read where they are). Every `.vtt` there is parsed and its cues compared with vtt.js's
 * expected JSON: times, id, raw text and settings; the plain text is also compared with the
 * DOM `textContent` of vtt.js's processing-model output (`-proc.json`) when there is one.
 * vtt.js (2013–2015) predates parts of today's spec; where the two disagree this parser follows
 * the spec, and each such fixture is listed below with the spec's answer, which is asserted.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseVtt, serializeVtt, type Cue } from './vtt.ts';
import { computedPositionAlign } from './vtt.settings.ts';

const ROOT = fileURLToPath(new URL('../../../../../../shared/fixtures/vtt/vttjs-tests/', import.meta.url));
if (!existsSync(ROOT) || !statSync(ROOT).isDirectory()) {
	throw new Error(`WebVTT fixtures missing: expected ${ROOT} (the shared fixtures folder beside the checkout)`);
}

interface Comparable {
	id: string;
	start: number;
	end: number;
	text: string;
	vertical: string;
	line: number | 'auto';
	snapToLines: boolean;
	lineAlign: string;
	position: number | 'auto';
	positionAlign: string;
	size: number;
	align: string;
}

/** Every field of vtt.js's cue JSON, and what happens to it here. */
const VTTJS_FIELDS = new Set([
	'id',
	'startTime',
	'endTime',
	'text',
	'vertical',
	'line',
	'snapToLines',
	'lineAlign',
	'position',
	'positionAlign',
	'size',
	'align',
	// Not compared: `region` — regions are not interpreted (a cue keeps the id it names), while
	// vtt.js resolves it to a region object or ''. `pauseOnExit` — not part of the file syntax.
	'region',
	'pauseOnExit'
]);

/** vtt.js's 2013 keywords → today's: `middle` → `center`; position alignment start/end → line-left/line-right. */
const POSITION_ALIGN: Record<string, string> = { start: 'line-left', middle: 'center', end: 'line-right' };

function fromVttJs(c: Record<string, unknown>): Comparable {
	const center = (v: unknown) => (v === 'middle' ? 'center' : String(v));
	return {
		id: String(c.id),
		start: Number(c.startTime),
		end: Number(c.endTime),
		text: String(c.text),
		vertical: String(c.vertical),
		line: c.line as number | 'auto',
		snapToLines: Boolean(c.snapToLines),
		lineAlign: center(c.lineAlign),
		position: c.position as number | 'auto',
		positionAlign: POSITION_ALIGN[String(c.positionAlign)] ?? String(c.positionAlign),
		size: Number(c.size),
		align: center(c.align)
	};
}

function fromOurs(cue: Cue): Comparable {
	const s = cue.settings;
	return {
		id: cue.id,
		start: cue.start,
		end: cue.end,
		text: cue.text,
		vertical: s.vertical,
		line: s.line,
		snapToLines: s.snapToLines,
		lineAlign: s.lineAlign,
		position: s.position,
		// vtt.js stores the alignment the old spec derived from `align`; today that is the
		// "computed position alignment".
		positionAlign: computedPositionAlign(s),
		size: s.size,
		align: s.align
	};
}

const settingIgnored = (c: Comparable): Comparable => ({
	...c,
	line: 'auto',
	snapToLines: true,
	lineAlign: 'start'
});
const positionIgnored = (c: Comparable): Comparable => ({ ...c, position: 'auto', positionAlign: 'center' });

/** Where today's spec and vtt.js disagree: the reason, and the spec's expected answer. */
const DIVERGENCES: Record<
	string,
	{ reason: string; cues: (c: Comparable[]) => Comparable[]; plain?: (p: string[]) => string[] }
> = {
	'cue-settings/line/bad-line-align.vtt': {
		reason: '`line:42%,left`: an unknown line alignment now drops the whole `line` setting (vtt.js kept line 42)',
		cues: (c) => c.map(settingIgnored)
	},
	'cue-settings/line/line-middle-align.vtt': {
		reason:
			'`line:42%,middle`: `middle` is no longer a line alignment (only start, center, end), so the setting is dropped',
		cues: (c) => c.map(settingIgnored)
	},
	'cue-settings/position/bad-position-align.vtt': {
		reason: '`position:42%,left`: an unknown position alignment now drops the whole `position` setting',
		cues: (c) => c.map(positionIgnored)
	},
	'cue-settings/position/position-start-align.vtt': {
		reason: '`position:42%,start`: position alignments are now line-left/center/line-right, so the setting is dropped',
		cues: (c) => c.map(positionIgnored)
	},
	'cue-settings/position/position-end-align.vtt': {
		reason: '`position:42%,end`: same as position-start-align',
		cues: (c) => c.map(positionIgnored)
	},
	'integration/id.vtt': {
		reason:
			'a block whose first line is `-->` fails as a timing line; the spec then starts a new block at the next line, a valid timing line, so the cue "Test" (4 s → 5 s) is kept (vtt.js skipped to the next blank line)',
		cues: (c) => [...c.slice(0, 3), { ...(c[0] as Comparable), id: '', start: 4, end: 5, text: 'Test' }, ...c.slice(3)],
		plain: (p) => [...p.slice(0, 3), 'Test', ...p.slice(3)]
	}
};

/** Files whose plain text is not compared: vtt.js's processing model gave nothing to compare with. */
const PLAIN_NOT_COMPARED: Record<string, string> = {
	'cuetext/timestamp/basic.vtt': 'its -proc.json is null (vtt.js rendered nothing)',
	'cuetext/timestamp/nested.vtt': 'its -proc.json is null',
	'cuetext/timestamp/no-end-gt.vtt': 'its -proc.json is null',
	'cuetext/timestamp/out-of-cue-range.vtt': 'its -proc.json is null',
	'cuetext/timestamp/space-before-gt.vtt': 'its -proc.json is null',
	'cue-settings/line/line-middle-align.vtt': 'it has no -proc.json'
};

/** Fixture files that give regions, which are not interpreted (the old `Region:` header syntax). */
const REGIONS_NOT_COMPARED: Record<string, string> = {
	'integration/regions.vtt': 'regions in the pre-2017 `Region:` header syntax, which today ignores'
};

function walk(dir: string, prefix = ''): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
		e.isDirectory() ? walk(`${dir}/${e.name}`, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]
	);
}

const files = walk(ROOT);
/** vtt → expected json, from vtt.js's own test.js files (several vtt share one json)... */
const pairs = new Map<string, string>();
for (const testFile of files.filter((f) => f.endsWith('test.js'))) {
	const source = readFileSync(ROOT + testFile, 'utf8');
	for (const m of source.matchAll(/test\.jsonEqual\w*\("([^"]+\.vtt)",\s*"([^"]+\.json)"/g)) {
		pairs.set(m[1] ?? '', m[2] ?? '');
	}
}
// ...plus any vtt with a same-named json that no test.js runs.
for (const vtt of files.filter((f) => f.endsWith('.vtt'))) {
	const json = vtt.replace(/\.vtt$/, '.json');
	if (!pairs.has(vtt) && files.includes(json)) pairs.set(vtt, json);
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(ROOT + path, 'utf8'));
const totals = { files: 0, cues: 0, plain: 0 };
const plainSkipped: string[] = [];

describe('WebVTT conformance (vtt.js fixtures)', () => {
	it('finds every .vtt fixture a pair, and the lists above name only real fixtures', () => {
		const vtts = files.filter((f) => f.endsWith('.vtt'));
		expect(vtts.length).toBeGreaterThan(50);
		expect(vtts.filter((v) => !pairs.has(v))).toEqual([]);
		for (const name of [
			...Object.keys(DIVERGENCES),
			...Object.keys(PLAIN_NOT_COMPARED),
			...Object.keys(REGIONS_NOT_COMPARED)
		]) {
			expect(pairs.has(name), name).toBe(true);
		}
	});

	for (const [vtt, json] of [...pairs].sort()) {
		it(vtt, () => {
			const expected = readJson(json) as { cues: Record<string, unknown>[]; regions: unknown[] };
			for (const cue of expected.cues) expect(new Set(Object.keys(cue))).toEqual(VTTJS_FIELDS);
			if (!(vtt in REGIONS_NOT_COMPARED)) expect(expected.regions).toEqual([]);

			const { cues } = parseVtt(readFileSync(ROOT + vtt, 'utf8'));
			const divergence = DIVERGENCES[vtt];
			let want = expected.cues.map(fromVttJs);
			if (divergence) want = divergence.cues(want);
			// JSON round trip as vtt.js's runner does (-0 → 0).
			expect(JSON.parse(JSON.stringify(cues.map(fromOurs)))).toEqual(want);
			totals.files++;
			totals.cues += want.length;

			const procPath = vtt.replace(/\.vtt$/, '-proc.json');
			const proc = files.includes(procPath)
				? (readJson(procPath) as { childNodes: { textContent: string }[] }[] | null)
				: null;
			if (proc === null) {
				expect(PLAIN_NOT_COMPARED[vtt], `${vtt} has no processing output to compare`).toBeDefined();
				plainSkipped.push(vtt);
				return;
			}
			expect(vtt in PLAIN_NOT_COMPARED, `${vtt} is listed as not compared but has a -proc.json`).toBe(false);
			let plain = proc.map((p) => p.childNodes[0]?.textContent ?? '');
			if (divergence?.plain) plain = divergence.plain(plain);
			expect(cues.map((c) => c.plain)).toEqual(plain);
			totals.plain += plain.length;
		});
	}

	it('writes every fixture back to a file that parses to the same cues', () => {
		for (const vtt of pairs.keys()) {
			const cues = parseVtt(readFileSync(ROOT + vtt, 'utf8')).cues.map(({ sourceLine: _line, ...c }) => c);
			const again = parseVtt(serializeVtt(cues));
			expect(again.errors, vtt).toEqual([]);
			expect(
				again.cues.map(({ sourceLine: _line, ...c }) => c),
				vtt
			).toEqual(cues);
		}
	});

	afterAll(() => {
		// No silent skip: the files whose plain text was not compared are exactly the listed ones.
		expect(plainSkipped.sort()).toEqual(Object.keys(PLAIN_NOT_COMPARED).sort());
		console.log(
			`WebVTT conformance: ${totals.files} files, ${totals.cues} cues compared, ${totals.plain} plain texts checked against vtt.js's DOM; ` +
				`${Object.keys(DIVERGENCES).length} documented spec divergences, regions not compared in ${Object.keys(REGIONS_NOT_COMPARED).length} file`
		);
	});
});
