export const admin = {
	'admin.title': 'Administration'
};
