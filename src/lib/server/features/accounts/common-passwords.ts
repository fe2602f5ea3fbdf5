/**
 * Passwords too common to accept, compared case-insensitively (the ten-character minimum
 * already rules out most of the well-known lists; these are the long ones people still use,
 * in French and English).
 */
export const COMMON_PASSWORDS = new Set(
	`1234567890 0123456789 12345678910 123456789a 1234567890a 0987654321 1111111111 0000000000 1122334455
1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx3edc q1w2e3r4t5 a1b2c3d4e5 qwertyuiop azertyuiop qwerty1234 azerty1234
azerty123456 qwerty123456 azertyuiop1 qwertyuiop1 motdepasse motdepasse1 motdepasse123 motdepasse2024
motdepasse2025 motdepasse2026 password12 password123 password1234 password2024 password2025 password2026
passw0rd123 iloveyou12 iloveyou123 jetaime123 jetaimetoi soleil1234 bonjour123 bonjour1234 doudou1234
chocolat12 chocolat123 marseille13 marseille1 liverpool1 football12 football123 basketball princesse1
superman12 starwars12 dragonball pokemon123 abcdefghij abcdef1234 abc1234567 administrateur admin12345
administrator welcome123 welcome1234 bienvenue1 bienvenue123 changeme12 changeme123 letmein123 sunshine12
trustno1234 monkey1234 dragon1234 master1234 qwerty12345 azerty12345 11223344556 secret1234 essaim1234
essaim2026 azertyazerty qwertyqwerty aaaaaaaaaa zzzzzzzzzz 9876543210 1234512345 1234554321 0102030405`
		.split(/\s+/)
		.filter(Boolean)
);

export function isCommonPassword(password: string, personal: string[] = []): boolean {
	const p = password.toLowerCase();
	if (COMMON_PASSWORDS.has(p)) return true;
	if (/^(.)\1+$/.test(p)) return true;
	return personal.some((s) => s.length >= 3 && p.includes(s.toLowerCase()) && p.length - s.length < 4);
}
