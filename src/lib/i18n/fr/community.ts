export const community = {
	'community.title': 'Communauté',
	// Notification kinds
	'community.kind.forum.reply': 'Réponses à mes messages',
	'community.kind.forum.mention': 'Mentions de mon nom',
	'community.kind.forum.answerAccepted': 'Réponses acceptées',
	'community.kind.wiki.lessonChanged': 'Leçons suivies modifiées',
	'community.kind.wiki.suggestionReviewed': 'Suggestions examinées',
	'community.kind.terms.updated': 'Nouvelles conditions d’utilisation',
	'community.kind.group.joined': 'Arrivées dans mes groupes',
	'community.channel.none': 'Jamais',
	'community.channel.app': 'Sur le site seulement',
	'community.channel.email': 'Sur le site et par courriel tout de suite',
	'community.channel.digest': 'Sur le site et dans le résumé quotidien',
	// Notification titles sent by this feature
	'community.notice.termsUpdated': 'Nouvelles conditions d’utilisation (version {version})',
	'community.notice.groupJoined': '{name} a rejoint le groupe « {group} »',
	// Mail
	'community.mail.hello': 'Bonjour {name},',
	'community.mail.digestSubject': '{count} notification sur {instance}|{count} notifications sur {instance}',
	'community.mail.unsubscribe': 'Ne plus recevoir de courriel pour « {kind} »',
	'community.mail.preferences': 'Choisir les notifications que je reçois',
	// Notification centre
	'community.notifications.title': 'Notifications',
	'community.notifications.empty': 'Aucune notification pour le moment.',
	'community.notifications.unread': 'non lue',
	'community.notifications.markRead': 'Marquer comme lue',
	'community.notifications.markAllRead': 'Tout marquer comme lu',
	'community.notifications.allRead': 'Toutes vos notifications sont marquées comme lues.',
	'community.notifications.preferences': 'Choisir mes notifications',
	'community.notifications.badge': '{count} notification non lue|{count} notifications non lues',
	'community.notifications.nav': 'Notifications',
	'community.notifications.pages': 'Pages de notifications',
	'community.notifications.previous': 'Plus récentes',
	'community.notifications.next': 'Plus anciennes',
	'community.notifications.page': 'Page {page} sur {pages}',
	// Preferences
	'community.preferences.title': 'Mes notifications',
	'community.preferences.intro':
		'Pour chaque sorte de notification, choisissez comment vous êtes prévenu. Le résumé quotidien rassemble en un seul courriel ce qui s’est passé dans la journée.',
	'community.preferences.save': 'Enregistrer mes choix',
	'community.preferences.saved': 'Vos choix sont enregistrés.',
	// Unsubscribe
	'community.unsubscribe.title': 'Se désabonner',
	'community.unsubscribe.confirm':
		'Ne plus recevoir de courriel pour « {kind} » ? Vous verrez toujours ces notifications sur le site.',
	'community.unsubscribe.submit': 'Me désabonner',
	'community.unsubscribe.done': 'C’est fait : vous ne recevrez plus de courriel pour « {kind} ».',
	'community.unsubscribe.invalid':
		'Ce lien de désabonnement n’est pas valide. Connectez-vous pour choisir vos notifications.',

	// Terms of use
	'community.terms.title': 'Conditions d’utilisation',
	'community.terms.courseTitle': 'Conditions d’utilisation du cours « {title} »',
	'community.terms.version': 'Version {version}',
	'community.terms.versionOf': 'Version {version} du {date}',
	'community.terms.readVersion': '(version {version})',
	'community.terms.current': 'Version en vigueur',
	'community.terms.history': 'Versions publiées',
	'community.terms.none': 'Aucune condition d’utilisation n’a encore été publiée.',
	'community.terms.courseNone': 'Ce cours n’a pas de conditions d’utilisation propres : celles du site s’appliquent.',
	'community.terms.acceptLabel': 'J’ai lu et j’accepte les conditions d’utilisation',
	'community.terms.errors.mustAccept': 'Pour continuer, acceptez les conditions d’utilisation.',
	'community.terms.accept.title': 'Nouvelles conditions d’utilisation',
	'community.terms.accept.intro':
		'Les conditions d’utilisation ont changé. Lisez-les, puis acceptez-les pour continuer.',
	'community.terms.accept.submit': 'Accepter et continuer',
	'community.terms.accept.courseTitle': 'Conditions d’utilisation du cours',
	'community.terms.accept.courseIntro': 'Ce cours a ses propres conditions d’utilisation. Acceptez-les pour le suivre.',
	'community.terms.accept.enrol': 'Accepter et m’inscrire',
	'community.terms.accepted': 'Merci, les conditions sont acceptées.',
	'community.terms.privateAllowed': 'Les groupes privés sont autorisés dans ce cours.',
	'community.terms.privateNotAllowed': 'Les groupes privés ne sont pas autorisés dans ce cours.',
	'community.terms.publish.title': 'Publier les conditions d’utilisation',
	'community.terms.publish.courseTitle': 'Conditions d’utilisation du cours « {title} »',
	'community.terms.publish.intro':
		'Chaque publication crée une nouvelle version, que chacun devra accepter à sa prochaine visite. Les anciennes versions restent consultables.',
	'community.terms.publish.body': 'Texte des conditions (Markdown)',
	'community.terms.publish.bodyHint': 'Licence des contributions, règles de modération, politique des groupes privés…',
	'community.terms.publish.allowsPrivateGroups': 'Autoriser les groupes privés dans ce cours',
	'community.terms.publish.allowsPrivateGroupsHint':
		'Un groupe privé n’est lisible que par ses membres et par les personnes qui animent le cours.',
	'community.terms.publish.submit': 'Publier une nouvelle version',
	'community.terms.published': 'La version {version} est publiée.',
	'community.terms.edit': 'Modifier les conditions du cours',
	'community.terms.link': 'Conditions d’utilisation'
};
