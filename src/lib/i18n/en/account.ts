import type { account as fr } from '../fr/account.ts';
import type { SameKeys } from '../types.ts';

export const account: SameKeys<typeof fr> = {
	'auth.login.title': 'Log in',
	'auth.login.submit': 'Log in',
	'auth.login.noAccount': 'No account yet?',
	'auth.login.forgot': 'Forgot your password?',
	'auth.signup.title': 'Sign up',
	'auth.signup.submit': 'Create my account',
	'auth.signup.haveAccount': 'Already have an account?',
	'auth.signup.terms': 'By creating an account, you accept this instance’s terms of use.',
	'auth.field.name': 'Display name',
	'auth.field.name.hint': 'Your name or a pseudonym, shown to other people.',
	'auth.field.handle': 'Handle',
	'auth.field.handle.hint':
		'3 to 30 characters: lowercase letters, digits and _. Your public address will be @{handle}.',
	'auth.field.email': 'Email address',
	'auth.field.password': 'Password',
	'auth.field.password.hint': 'At least {min} characters. A phrase of several words is easy to remember and strong.',
	'auth.field.locale': 'Interface language',
	'auth.invalidCredentials': 'Wrong email address or password.',
	'auth.suspended': 'This account is suspended. Contact the instance’s moderators.',
	'auth.wrongPassword': 'The current password is wrong.',
	'auth.resetInvalid': 'This link is no longer valid. Ask for a new one.',
	'auth.sameEmail': 'This is already your current address.',
	'auth.loggedOut': 'You are logged out.'
};
