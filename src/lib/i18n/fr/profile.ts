export const profile = {
	'profile.title': 'Profil'
};
