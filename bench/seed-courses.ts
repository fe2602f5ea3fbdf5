/**
 * Seeds the courses the bench reads, through the services (a few thousand statements, seconds):
 * one big published course (10 modules × 5 sequences × 5 lessons = 250 lessons of 300–800 words
 * of French-looking text with headings, a list and a table, rendered by `saveLesson`), a
 * glossary of 200 terms (100 nouns, 100 "noun + adjective", each with its plural as a variant)
 * whose forms occur in the lessons, and 50 other published courses for the catalogue search.
 * The learner is enrolled in the big course and has its first 40 lessons done. Deterministic.
 */
import { eq } from 'drizzle-orm';
import type { App } from '../src/lib/server/app.ts';
import { users } from '../src/lib/server/features/accounts/accounts.table.ts';
import type { Actor } from '../src/lib/server/features/authz/policy.ts';
import { searchCatalogue } from '../src/lib/server/features/courses/catalogue.service.ts';
import { createCourse, setCourseStatus } from '../src/lib/server/features/courses/courses.service.ts';
import { enrol, markDone } from '../src/lib/server/features/courses/learning.service.ts';
import { addItem, saveLesson } from '../src/lib/server/features/courses/plan.service.ts';
import { createTerm } from '../src/lib/server/features/glossary/glossary.service.ts';

export const BIG_COURSE_SLUG = 'bench-services-numeriques';
/** Matches several catalogue courses (title or summary), not all of them. */
export const CATALOGUE_QUERY = 'numérique';
const MODULES = 10;
const SEQUENCES = 5;
const LESSONS = 5;
const DONE = 40;

/** Deterministic pseudo-random numbers (the same corpus on every run). */
function random(seed: number) {
	let s = seed;
	return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}
const rand = random(7);
const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// 100 nouns: each is a glossary term, with its plural as a variant.
const NOUNS = (
	'serveur logiciel réseau navigateur courriel fichier dossier sauvegarde chiffrement certificat ' +
	'domaine hébergeur adhérent bénévole licence contributeur dépôt branche fusion requête ' +
	'protocole paquet pilote noyau processeur mémoire disque partition volume conteneur ' +
	'machine instance fédération annuaire identifiant session formulaire tableau agenda calendrier ' +
	'sondage messagerie forum wiki blogue flux abonnement notification hébergement passerelle ' +
	'pare-feu routeur commutateur câble antenne borne adresse port tunnel proxy ' +
	'journal index cache quota compte profil groupe rôle permission jeton ' +
	'modérateur signalement charte cotisation trésorerie facture budget subvention partenaire atelier ' +
	'formation tutoriel exercice évaluation parcours séquence module leçon glossaire ressource ' +
	'documentation traduction archive export import migration téléversement correctif version greffon'
).split(' ');
// Gender-invariant adjectives: "noun + adjective" reads as French whatever the noun.
const ADJECTIVES = [
	'libre',
	'numérique',
	'éthique',
	'technique',
	'pédagogique',
	'autonome',
	'fiable',
	'accessible',
	'modulaire',
	'solidaire'
];
const plural = (w: string) =>
	/[sxz]$/.test(w) ? w : /(eau|eu)$/.test(w) ? `${w}x` : /al$/.test(w) ? `${w.slice(0, -2)}aux` : `${w}s`;

interface Term {
	term: string;
	plural: string;
}
const TERMS: Term[] = [
	...NOUNS.map((n) => ({ term: n, plural: plural(n) })),
	...NOUNS.map((n, i) => {
		const adj = ADJECTIVES[i % ADJECTIVES.length]!;
		return { term: `${n} ${adj}`, plural: `${plural(n)} ${adj}s` };
	})
];

const FILLER = (
	'le la les un une des du de et ou mais donc car pour avec sans dans sur sous entre chaque ' +
	'notre votre leur nous vous on il elle ils elles cela ceci tout toute tous toutes très bien ' +
	'aussi encore déjà souvent parfois toujours jamais ensuite enfin puis alors ici là ' +
	'permet configure installe vérifie partage protège garde publie relit prépare ouvre ferme choisit ' +
	'propose explique montre décrit compare organise accompagne simplifie rend fait ' +
	'simple rapide clair léger sûr ancien nouveau petit grand premier dernier utile commun ' +
	'association équipe personne projet outil usage besoin choix étape exemple question réponse ' +
	'temps moment jour semaine mois année lieu ville quartier public collectif'
).split(' ');

function sentence(minWords: number, maxWords: number) {
	const n = minWords + Math.floor(rand() * (maxWords - minWords + 1));
	const words: string[] = [];
	for (let i = 0; i < n; i++) {
		const r = rand();
		if (r < 0.08) {
			const t = pick(TERMS);
			words.push(rand() < 0.3 ? t.plural : t.term);
			i += t.term.split(' ').length - 1;
		} else words.push(pick(FILLER));
	}
	return `${cap(words.join(' '))}${pick(['.', '.', '.', ' ?', ' !', ' ;'])}`.replace(/ ;$/, '.');
}

function countWords(s: string) {
	return s.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

/** 300–800 words of Markdown: h2/h3 headings, paragraphs, emphasis, a list and a table. */
function lessonBody(): string {
	const target = 300 + Math.floor(rand() * 501);
	const blocks: string[] = [];
	let words = 0;
	let tableDone = false;
	let listDone = false;
	while (words < target) {
		const n = blocks.length;
		let block: string;
		if (n % 6 === 0)
			block = `## ${cap(
				sentence(3, 6)
					.replace(/[.?!;]$/, '')
					.trim()
			)}`;
		else if (n % 6 === 3)
			block = `### ${cap(
				sentence(2, 5)
					.replace(/[.?!;]$/, '')
					.trim()
			)}`;
		else if (!tableDone && words > target / 2) {
			tableDone = true;
			const rows = Array.from(
				{ length: 4 },
				() => `| ${pick(TERMS).term} | ${sentence(3, 6)} | ${1 + Math.floor(rand() * 20)} h |`
			);
			block = `| Notion | Usage | Durée |\n|---|---|--:|\n${rows.join('\n')}`;
		} else if (!listDone && words > target / 3) {
			listDone = true;
			block = Array.from({ length: 4 }, () => `- **${pick(TERMS).term}** : ${sentence(4, 9)}`).join('\n');
		} else block = Array.from({ length: 3 + Math.floor(rand() * 4) }, () => sentence(8, 18)).join(' ');
		blocks.push(block);
		words += countWords(block);
	}
	return blocks.join('\n\n');
}

// ---- catalogue: 50 courses from topics × forms, in French and a few in English

const TOPICS = [
	['les logiciels libres', 'Installer, utiliser et promouvoir des logiciels libres au quotidien.'],
	['le numérique responsable', 'Réduire l’empreinte du numérique dans une association.'],
	['l’hébergement associatif', 'Choisir un hébergeur de proximité et migrer ses services.'],
	['la cartographie participative', 'Cartographier son quartier avec OpenStreetMap.'],
	['la photographie', 'Cadrage, lumière et retouche avec des outils libres.'],
	['le jardinage urbain', 'Cultiver en ville : sols, semis, compost et calendrier.'],
	['la comptabilité associative', 'Tenir les comptes, préparer le budget et l’assemblée générale.'],
	['la gestion de projet', 'Planifier, répartir les rôles et suivre un projet collectif.'],
	['l’écriture collaborative', 'Écrire à plusieurs mains, relire et publier.'],
	['la vidéo en ligne', 'Filmer, monter et diffuser sur PeerTube.'],
	['l’inclusion numérique', 'Accompagner les personnes éloignées du numérique.'],
	['la sobriété numérique', 'Moins d’équipements, plus longtemps : une démarche numérique sobre.'],
	['la culture numérique', 'Comprendre Internet, le web et les données pour débattre en citoyen.'],
	['l’animation de réunions', 'Faciliter, décider ensemble et garder une trace.'],
	['la sécurité informatique', 'Mots de passe, sauvegardes et mises à jour sans jargon.'],
	['la radio associative', 'Préparer une émission, enregistrer et diffuser en podcast.'],
	['la réparation d’ordinateurs', 'Diagnostiquer, réparer et réemployer le matériel.'],
	['le droit d’auteur', 'Licences libres, citation et réutilisation des œuvres.'],
	['la recherche documentaire', 'Chercher, trier et citer ses sources.'],
	['la mobilité à vélo', 'Itinéraires, entretien et sécurité à vélo en ville.'],
	['la cuisine de saison', 'Recettes simples avec les produits du marché.'],
	['la médiation scientifique', 'Raconter la science à tous les publics.'],
	['les premiers secours', 'Les gestes qui sauvent, étape par étape.'],
	['la langue des signes', 'Premiers pas en LSF pour accueillir tout le monde.'],
	['l’éducation aux médias', 'Décrypter l’information et les réseaux sociaux.']
] as const;
const FORMS = [
	(t: string, s: string) => ({
		title: `Introduction à ${t}`,
		summary: `${s} Un cours pour commencer, sans prérequis.`
	}),
	(t: string, s: string) => ({
		title: `Approfondir ${t}`,
		summary: `${s} Pour aller plus loin, avec des exercices et des études de cas.`
	})
];
const ENGLISH = [
	['Free software for beginners', 'Install and use free software every day.'],
	['Digital accessibility basics', 'Make websites and documents accessible to everyone.'],
	['Community radio', 'Record and publish a podcast with free tools.']
] as const;

export async function seedCourses(app: App, authorEmail: string, learnerEmail: string) {
	const idOf = async (email: string) =>
		(await app.db.select({ id: users.id }).from(users).where(eq(users.email, email)))[0]!.id;
	const authorId = await idOf(authorEmail);
	const learnerId = await idOf(learnerEmail);
	const actor: Actor = { id: authorId, roles: [{ role: 'admin', scopeType: 'instance', scopeId: '' }] };

	// The big course.
	const course = await createCourse(app, actor, {
		title: 'Administrer des services numériques libres pour une association',
		slug: BIG_COURSE_SLUG,
		summary: 'Un parcours complet : serveurs, sauvegardes, messagerie, fédération et accompagnement des bénévoles.',
		language: 'fr',
		tags: ['numérique', 'association', 'logiciel libre'],
		licence: 'CC-BY-SA-4.0',
		enrolmentMode: 'open'
	});
	const lessonIds: string[] = [];
	let words = 0;
	for (let m = 1; m <= MODULES; m++) {
		const moduleId = await addItem(app, course.id, 'module', course.id, `Module ${m} : ${cap(pick(TERMS).term)}`);
		for (let s = 1; s <= SEQUENCES; s++) {
			const sequenceId = await addItem(
				app,
				course.id,
				'sequence',
				moduleId,
				`${m}.${s} ${cap(pick(TERMS).term)} et ${pick(TERMS).plural}`
			);
			for (let l = 1; l <= LESSONS; l++) {
				const title = `${cap(pick(FILLER))} ${pick(TERMS).term} ${pick(FILLER)} ${pick(TERMS).plural}`;
				const lessonId = await addItem(app, course.id, 'lesson', sequenceId, title);
				const body = lessonBody();
				words += countWords(body);
				await saveLesson(app, course.id, lessonId, { title, body, required: l !== LESSONS }, authorId);
				lessonIds.push(lessonId);
			}
		}
	}
	for (const t of TERMS)
		await createTerm(app, actor, course.id, {
			term: t.term,
			variants: [t.plural],
			definition: `**${cap(t.term)}** : ${sentence(10, 25)} ${sentence(8, 16)}\n\nVoir aussi : *${pick(TERMS).term}*.`
		});
	await setCourseStatus(app, actor, course, 'published');
	const published = { ...course, status: 'published' as const };
	await enrol(app, learnerId, published);
	for (const id of lessonIds.slice(0, DONE)) await markDone(app, learnerId, course.id, id);

	// The catalogue.
	let n = 0;
	const others: Array<{ title: string; summary: string; language: 'fr' | 'en' }> = [];
	for (const form of FORMS) for (const [t, s] of TOPICS) others.push({ ...form(t, s), language: 'fr' });
	for (const [title, summary] of ENGLISH) others.push({ title, summary, language: 'en' });
	for (const c of others.slice(0, 50)) {
		const row = await createCourse(app, actor, {
			...c,
			title: cap(c.title),
			slug: `bench-cours-${++n}`,
			tags: [pick(['numérique', 'association', 'nature', 'culture', 'santé'])],
			licence: 'CC-BY-SA-4.0',
			enrolmentMode: 'open'
		});
		await setCourseStatus(app, actor, row, 'published');
	}
	const found = await searchCatalogue(app.db, { q: CATALOGUE_QUERY, language: '', tag: '', mode: '', page: 1 });

	return {
		slug: BIG_COURSE_SLUG,
		lessons: lessonIds.length,
		meanWords: Math.round(words / lessonIds.length),
		terms: TERMS.length,
		done: DONE,
		/** The lesson measured: the first one not done yet (where "resume" leads). */
		lessonId: lessonIds[DONE]!,
		courses: others.slice(0, 50).length + 1,
		query: CATALOGUE_QUERY,
		matches: found.total
	};
}
