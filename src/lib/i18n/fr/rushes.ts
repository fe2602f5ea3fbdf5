export const rushes = {
	'rushes.title': 'Notes horodatées'
};
