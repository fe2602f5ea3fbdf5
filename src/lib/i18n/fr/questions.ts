export const questions = {
	'questions.title': 'Banque de questions',
	'questions.errors.fraction': 'La note doit être comprise entre −100 % et 100 %.',
	'questions.errors.tolerance': 'La marge d’erreur doit être un nombre positif ou nul.',
	'questions.errors.mark': 'La note par défaut doit être un nombre entre 0 et 100.',
	'questions.errors.penalty': 'La pénalité doit être comprise entre 0 et 1.',
	'questions.errors.tooManyAnswers': 'Trop de réponses ({max} au plus).',
	'questions.errors.twoAnswers': 'Donnez au moins deux réponses.',
	'questions.errors.oneAnswer': 'Donnez au moins une réponse.',
	'questions.errors.oneFull': 'Une des réponses doit valoir 100 %.',
	'questions.errors.sumFull': 'Les notes positives doivent faire 100 % au total.',
	'questions.errors.trueFalse': 'Indiquez si l’affirmation est vraie ou fausse.',
	'questions.errors.number': 'Saisissez un nombre (ou * pour toute autre réponse).',
	'questions.errors.twoPairs': 'Donnez au moins deux paires à associer.',
	'questions.errors.qtypeChange': 'Le type d’une question ne change pas : dupliquez-la plutôt.',
	'questions.errors.noneSelected': 'Choisissez au moins une question.',
	'questions.errors.categoryTaken': 'Une catégorie de ce nom existe déjà à cet endroit.',
	'questions.errors.cycle': 'Une catégorie ne peut pas aller dans elle-même ni dans une de ses sous-catégories.',
	'questions.errors.categoryNotEmpty':
		'Cette catégorie contient des questions ou des sous-catégories : videz-la ou déplacez son contenu vers la catégorie parente.',
	'questions.errors.topNotEmpty':
		'Cette catégorie de premier niveau contient des questions ou des sous-catégories : videz-la d’abord.',
	'questions.errors.lastCategory': 'La dernière catégorie de la banque ne peut pas être supprimée.',
	'questions.errors.giftTooBig': 'Le texte GIFT est trop long ({max} octets au plus).',
	'questions.errors.giftType': 'Choisissez un fichier texte GIFT (.gift ou .txt).',
	'questions.errors.giftEmpty': 'Déposez un fichier ou collez du texte GIFT.',
	'questions.errors.nothingValid': 'Aucune question valide à importer.'
};
