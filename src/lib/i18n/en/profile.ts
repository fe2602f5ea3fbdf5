import type { profile as fr } from '../fr/profile.ts';
import type { SameKeys } from '../types.ts';

export const profile: SameKeys<typeof fr> = {
	'profile.title': 'Profile',
	'profile.edit.title': 'Edit my profile',
	'profile.viewPublic': 'View my public profile',
	'profile.handle.title': 'My public address',
	'profile.handle.explain':
		'This is the address other people and other instances on the network find you by. It cannot be changed: an address stays the same forever, so that links to you never break.',
	'profile.info.title': 'My details',
	'profile.field.bio': 'About me',
	'profile.field.bio.hint':
		'A few words about yourself, as plain text (line breaks are kept), at most {max} characters. Shown on your public profile.',
	'profile.field.town': 'Town',
	'profile.field.town.hint': 'Optional. Shown on your public profile.',
	'profile.avatar.title': 'Profile picture',
	'profile.avatar.current': 'Your current profile picture',
	'profile.avatar.none': 'You have no profile picture yet.',
	'profile.avatar.field': 'Choose a picture',
	'profile.avatar.hint':
		'JPEG, PNG, WebP or GIF, at most {max} MB. The picture is cropped to a 256 × 256 pixel square and its metadata (GPS position, camera, date) is removed.',
	'profile.avatar.submit': 'Upload the picture',
	'profile.avatar.remove': 'Remove my profile picture',
	'profile.avatar.saved': 'Your profile picture is saved.',
	'profile.avatar.removed': 'Your profile picture was removed.',
	'profile.public.memberSince': 'Member since',
	'profile.deletedUser': 'Deleted user',
	'profile.gone': 'This account was deleted: this person’s personal data has been erased.',
	'errors.avatarMissing': 'Choose a picture to upload.',
	'errors.avatarTooBig': 'This picture is too large: at most {max} MB.',
	'errors.avatarType': 'This file is not an accepted picture. Upload a JPEG, PNG, WebP or GIF image.',
	'errors.avatarCorrupt': 'This picture is damaged and cannot be read. Try another picture.',
	'errors.avatarDimensions': 'This picture has too many pixels. Make it smaller, then try again.',
	'privacy.title': 'My personal data',
	'privacy.intro': 'At any time you can download the data this instance holds about you, or delete your account.',
	'privacy.export.title': 'Download my data',
	'privacy.export.text':
		'You will get a ZIP archive with a data.json file (your account, your roles, your open sessions and the log of actions concerning you) and your profile picture.',
	'privacy.export.submit': 'Download my data (ZIP)',
	'privacy.delete.title': 'Delete my account',
	'privacy.delete.text':
		'Deletion is permanent. Your email address, name, bio, town and picture are erased; you are logged out everywhere and your public profile disappears. Any contributions you made remain, signed “Deleted user”.',
	'privacy.delete.exportFirst': 'Remember to download your data first if you want to keep it.',
	'privacy.delete.password': 'Current password, to confirm',
	'privacy.delete.password.hint': 'To confirm deleting the account @{handle}, type your password.',
	'privacy.delete.submit': 'Delete my account permanently',
	'privacy.deleted': 'Your account was deleted and your personal data erased. Goodbye!'
};
