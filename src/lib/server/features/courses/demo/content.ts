/**
 * The demo course's glossary, speaker and video texts (original, French, CC BY-SA 4.0). The
 * video, its poster and the speaker's avatar sit next to this file; make-assets.sh rebuilds them.
 */

/** Terms that appear in the lessons, so the linker has something to link. */
export const DEMO_TERMS: { term: string; variants: string[]; definition: string }[] = [
	{
		term: 'hébergeur associatif',
		variants: ['hébergeurs associatifs', 'hébergeuse associative'],
		definition:
			'Association qui fait tourner des serveurs et des **logiciels libres** pour un public, avec des engagements écrits : transparence, neutralité, pas de publicité.'
	},
	{
		term: 'logiciel libre',
		variants: ['logiciels libres'],
		definition:
			'Logiciel que chacun·e peut utiliser, étudier, modifier et redistribuer. Son code est public, ce qui permet à plusieurs hébergeurs de proposer le même service.'
	},
	{
		term: 'publicité ciblée',
		variants: ['publicités ciblées'],
		definition:
			'Publicité choisie pour vous d’après ce que l’on sait de vous : vos recherches, vos messages, vos déplacements.'
	},
	{
		term: 'neutralité',
		variants: ['neutre'],
		definition: 'Engagement à traiter toutes les données de la même façon, sans les lire, les trier ni les revendre.'
	},
	{
		term: 'transparence',
		variants: ['transparent'],
		definition: 'Dire publiquement qui gère le service, comment il est financé et ce qu’il fait des données.'
	},
	{
		term: 'visioconférence',
		variants: ['visioconférences', 'visio'],
		definition: 'Réunion à distance par l’image et le son, depuis un navigateur ou une application.'
	},
	{
		term: 'personne relais',
		variants: ['personnes relais'],
		definition:
			'Membre de l’association formé·e en premier à un nouvel outil, qui aide ensuite les autres à s’y mettre.'
	},
	{
		term: 'lecture seule',
		variants: [],
		definition: 'État d’un outil que l’on peut encore consulter mais plus modifier : utile pendant une migration.'
	}
];

/** A fictional person. */
export const DEMO_SPEAKER = {
	name: 'Camille Morvan',
	role: 'bénévole dans un hébergeur associatif',
	bio: 'Camille aide depuis plusieurs années des associations de son quartier à quitter les services des grandes plateformes. Personne fictive, créée pour ce cours de démonstration.',
	photoAlt: ''
};

export const DEMO_VIDEO = {
	title: 'Le cours en quinze secondes',
	duration: '15',
	chapters: ['00:00 Pourquoi reprendre la main', '00:05 Les hébergeurs associatifs', '00:10 Migrer pas à pas'].join(
		'\n'
	),
	/** French captions: the words of the three title cards. */
	captions: `WEBVTT

00:00.500 --> 00:04.500
Héberger ses services :
pourquoi reprendre la main ?

00:05.500 --> 00:09.500
Les hébergeurs associatifs :
des logiciels libres, près de chez vous.

00:10.500 --> 00:14.500
Migrer pas à pas :
un outil à la fois, avec des relais.
`
};
