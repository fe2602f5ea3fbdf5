export const gift = {
	'gift.title': 'Format GIFT',
	'gift.error.at': 'Ligne {line}, colonne {column} : {message}',
	'gift.error.unclosed_brace': 'l’accolade « { » n’est jamais fermée par « } ».',
	'gift.error.unopened_brace': 'accolade « } » sans « { » avant elle (écrivez \\} pour une accolade dans le texte).',
	'gift.error.nested_brace':
		'une accolade « { » s’ouvre dans un bloc de réponses déjà ouvert (écrivez \\{ pour une accolade dans le texte).',
	'gift.error.extra_brace':
		'une question n’a qu’un bloc de réponses ; cette accolade en trop doit être échappée (\\{ ou \\}).',
	'gift.error.unclosed_name': 'le nom de la question ouvert par « :: » n’est pas fermé par « :: ».',
	'gift.error.empty_category': '$CATEGORY: sans nom de catégorie.',
	'gift.error.unknown_format':
		'format « [{format}] » inconnu : les formats sont [html], [moodle], [plain] et [markdown] (en minuscules). Pour commencer un texte par des crochets, mettez d’abord un format : [moodle][{format}]…',
	'gift.error.invalid_weight':
		'pondération « {weight} » invalide : écrivez un pourcentage entre %-100% et %100%, avec un point décimal (%33.3%).',
	'gift.error.weight_out_of_range': 'pondération de {weight} % hors limites : elle doit être entre -100 % et 100 %.',
	'gift.error.weight_after_equals':
		'« = » marque déjà la bonne réponse (100 %) : pour une pondération, écrivez « ~%{weight}% ».',
	'gift.error.weights_sum':
		'les réponses justes de cette question à réponses multiples totalisent {total} % : il faut 100 % (ou marquez la bonne réponse avec « = »).',
	'gift.error.no_full_answer': 'aucune réponse ne vaut 100 %.',
	'gift.error.bad_number': '« {value} » n’est pas un nombre (écrivez 3.14, avec un point).',
	'gift.error.bad_range': 'intervalle « {min}..{max} » invalide : le minimum dépasse le maximum.',
	'gift.error.too_few_answers': 'il faut au moins {min} réponses, il y en a {count}.',
	'gift.error.empty_answer': 'réponse vide.',
	'gift.error.empty_answer_block':
		'bloc de réponses vide à cet endroit : {} ne convient qu’à une question ouverte, en fin de texte.',
	'gift.error.match_without_arrow': 'paire d’appariement sans « -> » (écrivez =élément -> réponse).',
	'gift.error.unreadable_question': 'cette question n’a pas pu être lue.'
};
