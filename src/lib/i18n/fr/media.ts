export const media = {
	'media.title': 'Médias',
	'media.vtt.emptyFile': 'Le fichier de sous-titres est vide.',
	'media.vtt.missingHeader':
		'Ligne {line} : un fichier WebVTT doit commencer par « WEBVTT », pas par « {value} ». Enregistrez-le au format WebVTT (.vtt).',
	'media.vtt.badTimestamp':
		'Ligne {line} : horodatage invalide « {value} » (format attendu 00:01:02.500 --> 00:01:05.000).',
	'media.vtt.endBeforeStart': 'Ligne {line} : le sous-titre finit ({end}) avant de commencer ({start}).',
	'media.vtt.strayText':
		'Ligne {line} : texte « {value} » hors de tout sous-titre (il manque sans doute la ligne d’horodatage au-dessus).',
	'media.vtt.tooLarge': 'Le fichier est trop volumineux ({size} Ko ; {max} Ko au plus).',
	'media.vtt.notText':
		'Ligne {line} : ce fichier n’est pas un texte UTF-8. Enregistrez vos sous-titres au format WebVTT, encodage UTF-8.',
	'media.vtt.noCues': 'Le fichier ne contient aucun sous-titre.',
	'media.vtt.beyondDuration': 'Ligne {line} : le sous-titre {start} --> {end} dépasse la fin de la vidéo ({duration}).',
	'media.chapters.badLine':
		'Ligne {line} : « {value} » n’est pas un chapitre. Écrivez l’instant puis le titre, par exemple « 01:30 Introduction » ou « 1:02:03 Deuxième partie ».',
	'media.chapters.outOfOrder':
		'Ligne {line} : le chapitre commence à {time}, avant le précédent ({previous}). Rangez les chapitres dans l’ordre.',
	'media.chapters.beyondDuration':
		'Ligne {line} : le chapitre commence à {time}, après la fin de la vidéo ({duration}).',
	'media.chapters.duplicateStart': 'Ligne {line} : un autre chapitre commence déjà à {time}.',
	'media.chapters.emptyTitle': 'Ligne {line} : le chapitre qui commence à {time} n’a pas de titre.',
	'media.chapters.titleTooLong': 'Ligne {line} : ce titre est trop long ({max} caractères au plus).',
	'media.chapters.tooMany': 'Ligne {line} : trop de chapitres ({max} au plus).'
};
