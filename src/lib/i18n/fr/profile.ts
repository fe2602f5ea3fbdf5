export const profile = {
	'profile.title': 'Profil',
	'profile.edit.title': 'Modifier mon profil',
	'profile.viewPublic': 'Voir mon profil public',
	'profile.handle.title': 'Mon adresse publique',
	'profile.handle.explain':
		'C’est par cette adresse que les autres personnes et les autres instances du réseau vous trouvent. Elle ne peut pas être modifiée : une adresse donnée reste la même pour toujours, pour que les liens vers vous ne se cassent jamais.',
	'profile.info.title': 'Mes informations',
	'profile.field.bio': 'Présentation',
	'profile.field.bio.hint':
		'Quelques mots sur vous, en texte simple (les retours à la ligne sont conservés), {max} caractères au plus. Visible sur votre profil public.',
	'profile.field.town': 'Ville',
	'profile.field.town.hint': 'Facultatif. Visible sur votre profil public.',
	'profile.avatar.title': 'Photo de profil',
	'profile.avatar.current': 'Votre photo de profil actuelle',
	'profile.avatar.none': 'Vous n’avez pas encore de photo de profil.',
	'profile.avatar.field': 'Choisir une image',
	'profile.avatar.hint':
		'JPEG, PNG, WebP ou GIF, {max} Mo au plus. L’image est recadrée en carré de 256 × 256 pixels et ses métadonnées (position GPS, appareil, date) sont supprimées.',
	'profile.avatar.submit': 'Envoyer l’image',
	'profile.avatar.remove': 'Retirer ma photo de profil',
	'profile.avatar.saved': 'Votre photo de profil est enregistrée.',
	'profile.avatar.removed': 'Votre photo de profil a été retirée.',
	'profile.public.memberSince': 'Membre depuis',
	'profile.deletedUser': 'Utilisateur supprimé',
	'profile.gone': 'Ce compte a été supprimé : les données personnelles de cette personne ont été effacées.',
	'errors.avatarMissing': 'Choisissez une image à envoyer.',
	'errors.avatarTooBig': 'Cette image est trop lourde : {max} Mo au plus.',
	'errors.avatarType': 'Ce fichier n’est pas une image acceptée. Envoyez une image JPEG, PNG, WebP ou GIF.',
	'errors.avatarCorrupt': 'Cette image est endommagée et ne peut pas être lue. Essayez avec une autre image.',
	'errors.avatarDimensions': 'Cette image a trop de pixels. Réduisez-la, puis réessayez.',
	'privacy.title': 'Mes données personnelles',
	'privacy.intro':
		'Vous pouvez à tout moment télécharger les données que cette instance détient sur vous, ou supprimer votre compte.',
	'privacy.export.title': 'Télécharger mes données',
	'privacy.export.text':
		'Vous recevrez une archive ZIP contenant un fichier data.json (votre compte, vos rôles, vos sessions ouvertes et le journal des actions qui vous concernent) et votre photo de profil.',
	'privacy.export.submit': 'Télécharger mes données (ZIP)',
	'privacy.delete.title': 'Supprimer mon compte',
	'privacy.delete.text':
		'La suppression est définitive. Votre adresse électronique, votre nom, votre présentation, votre ville et votre photo sont effacés ; vous êtes déconnecté·e partout et votre profil public disparaît. Vos éventuelles contributions restent, signées « Utilisateur supprimé ».',
	'privacy.delete.exportFirst': 'Pensez à télécharger vos données avant, si vous souhaitez les garder.',
	'privacy.delete.password': 'Mot de passe actuel, pour confirmer',
	'privacy.delete.password.hint': 'Pour confirmer la suppression du compte @{handle}, saisissez votre mot de passe.',
	'privacy.delete.submit': 'Supprimer définitivement mon compte',
	'privacy.deleted': 'Votre compte a été supprimé et vos données personnelles effacées. Au revoir !'
};
