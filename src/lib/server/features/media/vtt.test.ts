import { describe, expect, it } from 'vitest';
import { translate, type MessageKey } from '#lib/i18n/index.ts';
import { cuePlainText, cueSegments } from './cuetext.ts';
import { formatTimestamp, parseTimestamp, parseVtt, serializeVtt, validateVtt, type Cue } from './vtt.ts';

const strip = (cues: Cue[]) => cues.map(({ sourceLine: _sourceLine, ...rest }) => rest);
const SAMPLE = [
	'WEBVTT - Cours de botanique',
	'Kind: captions',
	'',
	'NOTE written by hand',
	'on two lines',
	'',
	'STYLE',
	'::cue { color: yellow }',
	'',
	'intro',
	'00:01.000 --> 00:04.000 align:start line:10% position:20%,line-left size:50%',
	'<v Mme Dupont>Bonjour &amp; bienvenue',
	'à tous !</v>',
	'',
	'00:00:04.500 --> 00:00:06.000 vertical:rl line:-2,end region:r1',
	'<c.yellow>Fin</c>'
].join('\n');

describe('parseVtt', () => {
	it('reads ids, timings, settings, raw and plain text, and the speaker', () => {
		const { cues, errors } = parseVtt(SAMPLE);
		expect(errors).toEqual([]);
		expect(cues).toHaveLength(2);
		const [a, b] = cues as [Cue, Cue];
		expect(a).toMatchObject({ id: 'intro', start: 1, end: 4, speaker: 'Mme Dupont', sourceLine: 11 });
		expect(a.text).toBe('<v Mme Dupont>Bonjour &amp; bienvenue\nà tous !</v>');
		expect(a.plain).toBe('Bonjour & bienvenue\nà tous !');
		expect(a.settings).toEqual({
			vertical: '',
			line: 10,
			snapToLines: false,
			lineAlign: 'start',
			position: 20,
			positionAlign: 'line-left',
			size: 50,
			align: 'start',
			region: ''
		});
		expect(b.settings).toMatchObject({ vertical: 'rl', line: -2, snapToLines: true, lineAlign: 'end', region: 'r1' });
		expect(b.plain).toBe('Fin');
		expect(b.speaker).toBeUndefined();
	});

	it('accepts a BOM and CRLF, CR or LF line endings alike', () => {
		const lf = parseVtt(SAMPLE);
		for (const variant of ['\ufeff' + SAMPLE, SAMPLE.replace(/\n/g, '\r\n'), SAMPLE.replace(/\n/g, '\r')]) {
			expect(parseVtt(variant)).toEqual(lf);
		}
	});

	it('checks the header', () => {
		expect(parseVtt('WEBVTT').cues).toEqual([]);
		expect(parseVtt('WEBVTT\tTitle\n\n00:00.000 --> 00:01.000\nx').cues).toHaveLength(1);
		expect(parseVtt('WEBVTTX\n\n00:00.000 --> 00:01.000\nx').errors).toEqual([
			{ line: 1, key: 'media.vtt.missingHeader', params: { line: 1, value: 'WEBVTTX' } }
		]);
		expect(parseVtt('1\n00:00:00,000 --> 00:00:01,000\nSRT').errors[0]?.key).toBe('media.vtt.missingHeader');
		expect(parseVtt('').errors[0]?.key).toBe('media.vtt.emptyFile');
		expect(parseVtt('\ufeff \r\n').errors[0]?.key).toBe('media.vtt.emptyFile');
	});

	it('reads both timestamp forms, hours of any length, and refuses bad ones', () => {
		expect(parseTimestamp('01:02.345')).toBe(62.345);
		expect(parseTimestamp('1:02:03.004')).toBe(3723.004);
		expect(parseTimestamp('123:00:00.000')).toBe(442800);
		for (const bad of ['1:02.000', '00:60.000', '00:00:60.000', '00:60:00.000', '00:00.00', '00:00,000', '00.000']) {
			expect(parseTimestamp(bad), bad).toBeNull();
		}
		expect(formatTimestamp(442800.5)).toBe('123:00:00.500');
		expect(formatTimestamp(62.345)).toBe('00:01:02.345');
	});

	it('reports a bad cue with its line and keeps the others (like browsers)', () => {
		const text = [
			'WEBVTT',
			'',
			'00:00.000 --> 00:01.000',
			'one',
			'',
			'00:01.000 -> 00:02.000',
			'two',
			'',
			'00:05.000 --> 00:03.000',
			'three',
			'',
			'orphan text',
			'',
			'00:06.000 --> 00:07.000',
			'four'
		].join('\n');
		const { cues, errors } = parseVtt(text);
		expect(cues.map((c) => c.plain)).toEqual(['one', 'four']);
		expect(errors).toEqual([
			{ line: 6, key: 'media.vtt.strayText', params: { line: 6, value: '00:01.000 -> 00:02.000' } },
			{ line: 9, key: 'media.vtt.endBeforeStart', params: { line: 9, start: '00:00:05.000', end: '00:00:03.000' } },
			{ line: 12, key: 'media.vtt.strayText', params: { line: 12, value: 'orphan text' } }
		]);
		const bad = parseVtt('WEBVTT\n\n00:00.000 --> 00:0x.000\nx');
		expect(bad.errors).toEqual([
			{ line: 3, key: 'media.vtt.badTimestamp', params: { line: 3, value: '00:00.000 --> 00:0x.000' } }
		]);
	});

	it('treats `-->` in a comment as a timing line, as the spec does', () => {
		const { cues, errors } = parseVtt('WEBVTT\n\nNOTE a\nb --> c\n\n00:00.000 --> 00:01.000\nx');
		expect(cues).toHaveLength(1);
		expect(errors).toEqual([{ line: 4, key: 'media.vtt.badTimestamp', params: { line: 4, value: 'b --> c' } }]);
	});

	it('ignores invalid settings one by one', () => {
		const [cue] = parseVtt(
			'WEBVTT\n\n00:00.000 --> 00:01.000 align:middle size:120% line:5%2 vertical:x position:50%\nx'
		).cues;
		expect(cue?.settings).toMatchObject({ align: 'center', size: 100, line: 'auto', vertical: '', position: 50 });
	});
});

describe('cue text', () => {
	it('strips every tag kind and decodes character references', () => {
		const text =
			'<v.loud Jean Dupont><c.yellow.bg>Un</c> <i>deux</i> <b>trois</b> <u>quatre</u> ' +
			'<ruby>漢<rt>かん</rt></ruby> <lang en>five</lang><00:00:01.000> &lt;&gt;&amp;&nbsp;&#233;&#xE9;&lrm;&bogus;</v>';
		expect(cuePlainText(text)).toEqual({
			plain: 'Un deux trois quatre 漢かん five <>&\u00a0éé\u200e&bogus;',
			speaker: 'Jean Dupont'
		});
		expect(cuePlainText('<00:01.000>tick <00:01.500>tock').plain).toBe('tick tock');
		expect(cuePlainText('<v>anonymous').speaker).toBeUndefined();
	});

	it('splits a cue with several voices', () => {
		expect(cueSegments('<v A>Hi.</v>\n<v B>Hello.</v>\nboth')).toEqual([
			{ speaker: 'A', text: 'Hi.' },
			{ text: '\n' },
			{ speaker: 'B', text: 'Hello.' },
			{ text: '\nboth' }
		]);
	});
});

describe('serializeVtt', () => {
	it('round-trips: parse → serialize → parse gives the same cues', () => {
		const first = parseVtt(SAMPLE).cues;
		const written = serializeVtt(first);
		expect(written.startsWith('WEBVTT\n\nintro\n00:00:01.000 --> 00:00:04.000 line:10% position:20%,line-left')).toBe(
			true
		);
		expect(strip(parseVtt(written).cues)).toEqual(strip(first));
		expect(parseVtt(written).errors).toEqual([]);
	});

	it('keeps cues readable when their text or id would break the file', () => {
		const cue = {
			id: 'a\nb --> c',
			start: 0,
			end: 1,
			settings: parseVtt(SAMPLE).cues[1]!.settings,
			text: 'x --> y\n\nz'
		};
		const back = parseVtt(serializeVtt([cue]));
		expect(back.errors).toEqual([]);
		expect(back.cues[0]).toMatchObject({ id: 'a b -> c', plain: 'x --> y\nz' });
	});
});

describe('validateVtt', () => {
	const ok = 'WEBVTT\n\n00:00.000 --> 00:02.000\nHello\n';

	it('accepts a good file, as text or bytes', () => {
		expect(validateVtt(ok, { maxBytes: 1000 })).toMatchObject({ ok: true, errors: [] });
		expect(validateVtt(new TextEncoder().encode(ok), { maxBytes: 1000, durationSeconds: 2 }).ok).toBe(true);
	});

	it('refuses a file too large, not UTF-8, binary, without cues or longer than the video', () => {
		expect(validateVtt(ok, { maxBytes: 10 }).errors[0]).toMatchObject({
			key: 'media.vtt.tooLarge',
			params: { max: 0 }
		});
		expect(validateVtt(new Uint8Array([0x57, 0x45, 0xff, 0xfe]), { maxBytes: 1000 }).errors[0]?.key).toBe(
			'media.vtt.notText'
		);
		expect(validateVtt('WEBVTT\n\n\u0000\u0001\u0002', { maxBytes: 1000 }).errors[0]).toMatchObject({
			key: 'media.vtt.notText',
			line: 3
		});
		expect(validateVtt('WEBVTT\n\nNOTE nothing here\n', { maxBytes: 1000 }).errors[0]?.key).toBe('media.vtt.noCues');
		const long = validateVtt(`${ok}\n00:10.000 --> 00:12.000\nlate\n`, { maxBytes: 1000, durationSeconds: 5 });
		expect(long.ok).toBe(false);
		expect(long.errors).toEqual([
			{
				line: 6,
				key: 'media.vtt.beyondDuration',
				params: { line: 6, start: '00:00:10.000', end: '00:00:12.000', duration: '00:00:05.000' }
			}
		]);
		expect(validateVtt(ok, { maxBytes: 1000, durationSeconds: 1.5 }).ok).toBe(true); // 1 s tolerance
	});

	it('gives messages that read well in French and English', () => {
		const results = [
			parseVtt('nope'),
			parseVtt('WEBVTT\n\n00:00.000 --> 00:0x.000\nx\n\n00:03.000 --> 00:01.000\ny\n\nstray'),
			validateVtt(ok, { maxBytes: 10 }),
			validateVtt(`${ok}\n00:10.000 --> 00:12.000\nlate\n`, { maxBytes: 1000, durationSeconds: 5 })
		];
		const errors = results.flatMap((r) => r.errors);
		expect(errors.length).toBeGreaterThanOrEqual(5);
		for (const e of errors) {
			for (const locale of ['fr', 'en'] as const) {
				const text = translate(locale, e.key as MessageKey, e.params);
				expect(text, text).not.toMatch(/[{}]/);
			}
		}
		expect(translate('fr', 'media.vtt.badTimestamp', errors[1]!.params)).toBe(
			'Ligne 3 : horodatage invalide « 00:00.000 --> 00:0x.000 » (format attendu 00:01:02.500 --> 00:01:05.000).'
		);
	});
});
