/** Labels for roles, scopes and audit actions, falling back to the code name if untranslated. */
import { isMessageKey, type Translate } from '#lib/i18n/index.ts';

const label = (t: Translate, key: string, fallback: string) => (isMessageKey(key) ? t(key) : fallback);

export const roleLabel = (t: Translate, role: string) => label(t, `admin.role.${role}`, role);
export const scopeLabel = (t: Translate, scopeType: string) => label(t, `admin.scope.${scopeType}`, scopeType);
export const auditLabel = (t: Translate, action: string) => label(t, `admin.audit.${action}`, action);

export function grantLabel(t: Translate, g: { role: string; scopeType: string; scopeId: string }) {
	if (g.scopeType === 'instance') return roleLabel(t, g.role);
	return t('admin.roleOn', { role: roleLabel(t, g.role), scope: scopeLabel(t, g.scopeType), id: g.scopeId });
}
