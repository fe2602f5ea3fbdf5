import { describe, expect, it } from 'vitest';
import { buildTranscript, searchTranscript } from './transcript.ts';
import { parseVtt } from './vtt.ts';

const VTT = `WEBVTT

00:00.000 --> 00:02.000
<v Claire>Bonjour à tous,

00:02.000 --> 00:04.000
<v Claire>bienvenue à l’École du cœur.

00:04.500 --> 00:06.000
<v Marc>Merci Claire.</v>
<v Claire>Je t’en prie.

00:20.000 --> 00:22.000
Musique

00:22.000 --> 00:24.000
Musique

00:24.000 --> 00:26.000
<v Claire>Reprenons : ECOLE, école, Ecole.
`;

describe('buildTranscript', () => {
	const transcript = buildTranscript(parseVtt(VTT).cues);

	it('merges consecutive cues of one speaker, splits voices, skips repeats', () => {
		expect(transcript.map(({ parts: _parts, ...p }) => p)).toEqual([
			{ start: 0, end: 4, speaker: 'Claire', text: 'Bonjour à tous, bienvenue à l’École du cœur.' },
			{ start: 4.5, end: 6, speaker: 'Marc', text: 'Merci Claire.' },
			{ start: 4.5, end: 6, speaker: 'Claire', text: 'Je t’en prie.' },
			{ start: 20, end: 22, text: 'Musique' },
			{ start: 24, end: 26, speaker: 'Claire', text: 'Reprenons : ECOLE, école, Ecole.' }
		]);
		expect(transcript[0]?.parts).toEqual([
			{ start: 0, offset: 0 },
			{ start: 2, offset: 16 }
		]);
	});

	it('starts a new paragraph after a long silence', () => {
		const cues = parseVtt('WEBVTT\n\n00:00.000 --> 00:01.000\nun\n\n00:30.000 --> 00:31.000\ndeux').cues;
		expect(buildTranscript(cues).map((p) => p.text)).toEqual(['un', 'deux']);
		expect(buildTranscript(cues, { maxGap: 60 }).map((p) => p.text)).toEqual(['un deux']);
	});
});

describe('searchTranscript', () => {
	const transcript = buildTranscript(parseVtt(VTT).cues);

	it('ignores case and accents, and gives the time of the cue where each match is', () => {
		const matches = searchTranscript(transcript, 'ecole');
		expect(matches.map((m) => [m.paragraph, m.start])).toEqual([
			[0, 2],
			[4, 24],
			[4, 24],
			[4, 24]
		]);
		const first = matches[0]!;
		expect(transcript[0]?.text.slice(first.offset, first.offset + first.length)).toBe('École');
		expect(searchTranscript(transcript, 'COEUR').length).toBe(1);
		expect(searchTranscript(transcript, "l'école")).toHaveLength(1);
		expect(searchTranscript(transcript, '  BONJOUR   A ')).toHaveLength(1);
	});

	it('returns nothing for an empty query and respects the limit', () => {
		expect(searchTranscript(transcript, '  ')).toEqual([]);
		expect(searchTranscript(transcript, 'e', 3)).toHaveLength(3);
	});
});
