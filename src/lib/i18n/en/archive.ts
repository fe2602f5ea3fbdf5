import type { archive as fr } from '../fr/archive.ts';
import type { SameKeys } from '../types.ts';

export const archive: SameKeys<typeof fr> = {
	'archive.title': 'Archive',
	'archive.originalAuthors': 'Original authors: {names}',
	'archive.export.link': 'Export the course (ZIP archive)',
	'archive.import.title': 'Import a course',
	'archive.import.link': 'Import a course from an archive',
	'archive.imported': 'Course imported. It is a draft: review it before publishing.',
	'archive.import.intro':
		'Import a course archive exported from Essaim (a .essaim.zip file). The course is created as a draft, with a new address if needed, and you become its editor. Its licence and original authors are kept.',
	'archive.import.field': 'Course archive',
	'archive.import.hint': 'A .zip file exported from an Essaim instance, {max} MB at most.',
	'archive.import.submit': 'Import the course',
	'archive.errors.missing': 'Choose the course archive to import.',
	'archive.errors.notZip': 'This file is not a readable ZIP archive.',
	'archive.errors.manifestMissing': 'This archive has no manifest.json file: it is not an Essaim course.',
	'archive.errors.manifestInvalid': 'The archive’s manifest.json is not valid (at: {detail}).',
	'archive.errors.format': 'This archive is not an Essaim course (unknown format).',
	'archive.errors.version':
		'This archive uses format version {version}, which this instance cannot read (it reads version {supported}).',
	'archive.errors.unsafePath': 'The archive contains a refused file path: “{name}”.',
	'archive.errors.duplicateEntry': 'The archive contains the file “{name}” twice.',
	'archive.errors.entryTooBig': 'The file “{name}” in the archive is over {max} MB.',
	'archive.errors.tooBig': 'Once uncompressed, the archive would be over {max} MB.',
	'archive.errors.tooManyEntries': 'The archive contains more than {max} files.',
	'archive.errors.missingFile': 'The file “{file}” listed in the manifest is missing from the archive.',
	'archive.errors.encoding': 'The file “{file}” is not UTF-8 text.',
	'archive.errors.licence': 'The archive’s licence “{licence}” is not recognised.',
	'archive.errors.tooManyLessons': 'The course has more than {max} lessons: import refused.',
	'archive.errors.captions': 'The captions “{file}” are not a valid WebVTT file.',
	'archive.errors.glossary': 'The glossary term “{term}” is invalid or repeated.',
	'archive.errors.question': 'The bank question or category “{name}” is invalid, repeated or in an unknown category.',
	'archive.errors.quizReference': 'The quiz “{quiz}” refers to a lesson, question or category missing from the archive.'
};
