import type { media as fr } from '../fr/media.ts';
import type { SameKeys } from '../types.ts';

export const media: SameKeys<typeof fr> = {
	'media.title': 'Media',
	'media.vtt.emptyFile': 'The captions file is empty.',
	'media.vtt.missingHeader':
		'Line {line}: a WebVTT file must start with “WEBVTT”, not “{value}”. Save it in WebVTT format (.vtt).',
	'media.vtt.badTimestamp': 'Line {line}: invalid timestamp “{value}” (expected format 00:01:02.500 --> 00:01:05.000).',
	'media.vtt.endBeforeStart': 'Line {line}: the caption ends ({end}) before it starts ({start}).',
	'media.vtt.strayText':
		'Line {line}: text “{value}” outside any caption (the timestamp line above it is probably missing).',
	'media.vtt.tooLarge': 'The file is too large ({size} KB; {max} KB at most).',
	'media.vtt.notText': 'Line {line}: this file is not UTF-8 text. Save your captions in WebVTT format, UTF-8 encoding.',
	'media.vtt.noCues': 'The file contains no captions.',
	'media.vtt.beyondDuration': 'Line {line}: the caption {start} --> {end} goes past the end of the video ({duration}).',
	'media.chapters.badLine':
		'Line {line}: “{value}” is not a chapter. Write the time then the title, for example “01:30 Introduction” or “1:02:03 Part two”.',
	'media.chapters.outOfOrder':
		'Line {line}: this chapter starts at {time}, before the previous one ({previous}). Put the chapters in order.',
	'media.chapters.beyondDuration':
		'Line {line}: this chapter starts at {time}, after the end of the video ({duration}).',
	'media.chapters.duplicateStart': 'Line {line}: another chapter already starts at {time}.',
	'media.chapters.emptyTitle': 'Line {line}: the chapter starting at {time} has no title.',
	'media.chapters.titleTooLong': 'Line {line}: this title is too long ({max} characters at most).',
	'media.chapters.tooMany': 'Line {line}: too many chapters ({max} at most).'
};
