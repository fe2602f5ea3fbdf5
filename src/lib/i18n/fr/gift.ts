export const gift = {
	'gift.title': 'Format GIFT'
};
