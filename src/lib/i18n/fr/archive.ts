export const archive = {
	'archive.title': 'Archive',
	'archive.originalAuthors': 'Auteur·rices d’origine : {names}',
	'archive.export.link': 'Exporter le cours (archive ZIP)',
	'archive.import.title': 'Importer un cours',
	'archive.import.link': 'Importer un cours depuis une archive',
	'archive.imported': 'Cours importé. C’est un brouillon : relisez-le avant de le publier.',
	'archive.import.intro':
		'Importez l’archive d’un cours exportée depuis Essaim (fichier .essaim.zip). Le cours est créé en brouillon, avec une nouvelle adresse si besoin ; vous en devenez l’éditeur·rice. La licence et les auteur·rices d’origine sont conservés.',
	'archive.import.field': 'Archive du cours',
	'archive.import.hint': 'Un fichier .zip exporté depuis une instance Essaim, {max} Mo au plus.',
	'archive.import.submit': 'Importer le cours',
	'archive.errors.missing': 'Choisissez l’archive du cours à importer.',
	'archive.errors.notZip': 'Ce fichier n’est pas une archive ZIP lisible.',
	'archive.errors.manifestMissing':
		'Cette archive ne contient pas de fichier manifest.json : ce n’est pas un cours Essaim.',
	'archive.errors.manifestInvalid': 'Le fichier manifest.json de l’archive n’est pas valide (à : {detail}).',
	'archive.errors.format': 'Cette archive n’est pas un cours Essaim (format inconnu).',
	'archive.errors.version':
		'Cette archive est au format version {version}, que cette instance ne sait pas lire (elle lit la version {supported}).',
	'archive.errors.unsafePath': 'L’archive contient un chemin de fichier refusé : « {name} ».',
	'archive.errors.duplicateEntry': 'L’archive contient deux fois le fichier « {name} ».',
	'archive.errors.entryTooBig': 'Le fichier « {name} » de l’archive dépasse {max} Mo.',
	'archive.errors.tooBig': 'Une fois décompressée, l’archive dépasserait {max} Mo.',
	'archive.errors.tooManyEntries': 'L’archive contient plus de {max} fichiers.',
	'archive.errors.missingFile': 'Le fichier « {file} » annoncé par le manifeste manque dans l’archive.',
	'archive.errors.encoding': 'Le fichier « {file} » n’est pas du texte UTF-8.',
	'archive.errors.licence': 'La licence « {licence} » de l’archive n’est pas reconnue.',
	'archive.errors.tooManyLessons': 'Le cours compte plus de {max} leçons : import refusé.',
	'archive.errors.captions': 'Les sous-titres « {file} » ne sont pas un fichier WebVTT valide.',
	'archive.errors.glossary': 'Le terme du lexique « {term} » est invalide ou en double.',
	'archive.errors.question':
		'La question ou catégorie « {name} » de la banque est invalide, en double ou dans une catégorie inconnue.',
	'archive.errors.quizReference':
		'Le quiz « {quiz} » renvoie à une leçon, une question ou une catégorie absente de l’archive.'
};
