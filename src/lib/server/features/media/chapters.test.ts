import { describe, expect, it } from 'vitest';
import {
	MAX_CHAPTERS,
	chaptersToLines,
	formatChapterTime,
	fromPeerTubeHasPart,
	fromWebVttChapters,
	parseChapterLines,
	toPeerTubeHasPart,
	toWebVttChapters,
	type Chapter
} from './chapters.ts';
import { validateVtt } from './vtt.ts';

/** Deterministic pseudo-random numbers (mulberry32), so a failing case can be replayed. */
function random(seed: number) {
	return () => {
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const WORDS = [
	'Introduction',
	'Partie',
	'été',
	'Œuvre',
	'A & B',
	'<i>pas</i>',
	'x --> y',
	'1:00',
	'—',
	'漢字',
	'&amp;',
	'fin'
];

function randomChapters(rand: () => number, wholeSeconds = false): { chapters: Chapter[]; duration: number } {
	const count = 1 + Math.floor(rand() * 30);
	const chapters: Chapter[] = [];
	let ms = rand() < 0.5 ? 0 : Math.floor(rand() * 100) * 1000; // whole milliseconds, as stored
	for (let i = 0; i < count; i++) {
		const words = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => WORDS[Math.floor(rand() * WORDS.length)]);
		chapters.push({ title: words.join(' '), start: ms / 1000 });
		const step = 1000 + Math.floor(rand() * 4_000_000);
		ms += wholeSeconds ? Math.ceil(step / 1000) * 1000 : step;
	}
	return { chapters, duration: ms / 1000 + 10 };
}

describe('parseChapterLines', () => {
	it('reads times in every form and titles', () => {
		const text = '\ufeff00:00 Introduction\n\n1:30 - Première partie\r\n75:00 Long\n1:22:03.5 Part two  \n';
		expect(parseChapterLines(text)).toEqual({
			chapters: [
				{ title: 'Introduction', start: 0 },
				{ title: 'Première partie', start: 90 },
				{ title: 'Long', start: 4500 },
				{ title: 'Part two', start: 4923.5 }
			],
			errors: []
		});
	});

	it('reports each problem with its line', () => {
		const text = [
			'0:00 Intro',
			'Intro again',
			'0:90 Bad',
			'5:00 Five',
			'3:00 Back',
			'5:00 Again',
			'6:00',
			'9:00 Late',
			`7:00 ${'x'.repeat(201)}`
		].join('\n');
		const { chapters, errors } = parseChapterLines(text, { duration: 480 });
		expect(chapters).toEqual([
			{ title: 'Intro', start: 0 },
			{ title: 'Five', start: 300 }
		]);
		expect(errors.map((e) => [e.line, e.key])).toEqual([
			[2, 'media.chapters.badLine'],
			[3, 'media.chapters.badLine'],
			[5, 'media.chapters.outOfOrder'],
			[6, 'media.chapters.duplicateStart'],
			[7, 'media.chapters.emptyTitle'],
			[8, 'media.chapters.beyondDuration'],
			[9, 'media.chapters.titleTooLong'],
			[9, 'media.chapters.outOfOrder'] // after 9:00, even though 9:00 was refused
		]);
		expect(errors[2]?.params).toEqual({ line: 5, time: '3:00', previous: '5:00' });
		expect(errors[5]?.params).toEqual({ line: 8, time: '9:00', duration: '8:00' });
	});

	it(`refuses more than ${MAX_CHAPTERS} chapters`, () => {
		const text = Array.from({ length: MAX_CHAPTERS + 5 }, (_, i) => `${formatChapterTime(i * 10)} C${i}`).join('\n');
		const { chapters, errors } = parseChapterLines(text);
		expect(chapters).toHaveLength(MAX_CHAPTERS);
		expect(errors).toEqual([
			{ line: MAX_CHAPTERS + 1, key: 'media.chapters.tooMany', params: { line: MAX_CHAPTERS + 1, max: MAX_CHAPTERS } }
		]);
	});
});

describe('chapter exports (property-style: random lists survive export → import)', () => {
	it('WebVTT chapters file', () => {
		const rand = random(42);
		for (let run = 0; run < 200; run++) {
			const { chapters, duration } = randomChapters(rand);
			const vtt = toWebVttChapters(chapters, duration);
			expect(validateVtt(vtt, { maxBytes: 1e6, durationSeconds: duration }).errors).toEqual([]);
			expect(fromWebVttChapters(vtt)).toEqual({ chapters, errors: [] });
		}
	});

	it('textarea lines', () => {
		const rand = random(7);
		for (let run = 0; run < 200; run++) {
			const { chapters, duration } = randomChapters(rand);
			expect(parseChapterLines(chaptersToLines(chapters), { duration })).toEqual({ chapters, errors: [] });
		}
	});

	it('PeerTube hasPart', () => {
		const rand = random(2024);
		for (let run = 0; run < 200; run++) {
			const { chapters, duration } = randomChapters(rand, true);
			const parts = toPeerTubeHasPart(chapters, duration);
			expect(
				parts.every((p) => p.type === 'Clip' && Number.isInteger(p.startOffset) && Number.isInteger(p.endOffset))
			).toBe(true);
			parts.forEach((p, i) => expect(p.endOffset).toBe(parts[i + 1]?.startOffset ?? duration));
			expect(fromPeerTubeHasPart(JSON.parse(JSON.stringify(parts)))).toEqual(chapters);
		}
	});

	it('PeerTube limits: whole seconds, one chapter per second, 100-character titles', () => {
		const parts = toPeerTubeHasPart(
			[
				{ title: 'A', start: 0 },
				{ title: 'B', start: 0.4 },
				{ title: 'C'.repeat(150), start: 61.9 }
			],
			120.4
		);
		expect(parts).toEqual([
			{ type: 'Clip', name: 'A', startOffset: 0, endOffset: 61 },
			{ type: 'Clip', name: `${'C'.repeat(99)}…`, startOffset: 61, endOffset: 120 }
		]);
		expect(
			fromPeerTubeHasPart([{ name: 'ok', startOffset: 3 }, { name: 5 }, null, { name: ' ', startOffset: 1 }])
		).toEqual([{ title: 'ok', start: 3 }]);
		expect(fromPeerTubeHasPart('nope')).toEqual([]);
	});

	it('writes a chapters track a browser reads', () => {
		expect(
			toWebVttChapters(
				[
					{ title: 'Intro & <plan>', start: 0 },
					{ title: 'Suite', start: 90.5 }
				],
				300
			)
		).toBe(
			'WEBVTT\n\n1\n00:00:00.000 --> 00:01:30.500\nIntro &amp; &lt;plan&gt;\n\n2\n00:01:30.500 --> 00:05:00.000\nSuite\n'
		);
	});
});
