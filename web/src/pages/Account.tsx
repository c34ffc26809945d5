// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader, NativeSelect, PasswordInput, Table, TextInput } from "@mantine/core";
import { useCallback, useEffect, useState, type FormEvent, type ReactNode } from "react";
import type { ApiResult } from "../api/client";
import { changePassword, createToken, listConsents, listSessions, listTokens, revokeSession, revokeToken, updateMe, withdrawConsent, type Consent, type Session, type Token, type User } from "../api/identity";
import { initials } from "../auth";
import { ConfirmDialog, type ConfirmRequest } from "../components/ConfirmDialog";
import { CopyField } from "../components/CopyField";
import { describeScopes } from "../consents";
import { Notice } from "../components/Notice";
import { RequireUser } from "../components/RequireUser";
import { describeAgent, describeError, formatDate, formatDateTime, passwordRules } from "../format";
import { useI18n } from "../i18n/context";
import { isLanguage, languageNames, languages } from "../i18n/languages";
import { IconCheck, IconDevice, IconKey, IconLock, IconPlug, IconUser } from "../icons";
import { useSession } from "../session-context";
import { PageHeading } from "./PageHeading";
import { PageTitle } from "./PageTitle";

/** Account is the signed-in user's own page: profile, password, sessions, tokens. */
export function Account() {
  const { t } = useI18n();
  return (
    <>
      <PageTitle title={t("account.docTitle")} />
      <RequireUser>
        {(user) => (
          <>
            <PageHeading title={t("account.title")} lead={t("account.lead")} />
            <div className="ens-container ens-account">
              <nav aria-label={t("account.sections")} className="ens-toc">
                <ul>
                  <li><a href="#profile">{t("account.profile.title")}</a></li>
                  <li><a href="#password">{t("account.password.title")}</a></li>
                  <li><a href="#sessions">{t("account.sessions.title")}</a></li>
                  <li><a href="#apps">{t("account.apps.title")}</a></li>
                  <li><a href="#tokens">{t("account.tokens.title")}</a></li>
                </ul>
              </nav>
              <div className="ens-account-sections">
                <ProfileSection user={user} />
                <PasswordSection />
                <SessionsSection />
                <AppsSection />
                <TokensSection />
              </div>
            </div>
          </>
        )}
      </RequireUser>
    </>
  );
}

/** Section is one titled card of the account page. */
function Section({ id, icon, title, lead, children }: { id: string; icon: ReactNode; title: string; lead?: string; children: ReactNode }) {
  return (
    <section id={id} aria-labelledby={`${id}-title`} className="ens-card ens-section-card" data-testid={`section-${id}`}>
      <header className="ens-section-card-head">
        <span className="ens-section-card-icon" aria-hidden="true">
          {icon}
        </span>
        <div>
          <h2 id={`${id}-title`} className="ens-section-card-title">
            {title}
          </h2>
          {lead && <p className="ens-section-card-lead">{lead}</p>}
        </div>
      </header>
      {children}
    </section>
  );
}

function ProfileSection({ user }: { user: User }) {
  const { t, setLang } = useI18n();
  const { setUser } = useSession();
  const [name, setName] = useState(user.name);
  const [locale, setLocale] = useState(user.locale);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setMessage(null);
    const result = await updateMe({ name, locale });
    setBusy(false);
    if (!result.ok) {
      setMessage({ kind: "error", text: describeError(result.error, t) });
      return;
    }
    setUser(result.data.user);
    if (isLanguage(result.data.user.locale)) setLang(result.data.user.locale);
    setMessage({ kind: "success", text: "account.profile.saved" });
  };

  return (
    <Section id="profile" icon={<IconUser size={22} />} title={t("account.profile.title")}>
      <form onSubmit={submit} className="ens-form ens-form-narrow">
        <TextInput label={t("account.profile.email")} description={t("account.profile.emailHelp")} value={user.email} readOnly variant="filled" />
        <TextInput label={t("account.profile.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} autoComplete="name" data-testid="profile-name" />
        <NativeSelect
          label={t("account.profile.language")}
          value={locale}
          onChange={(e) => setLocale(e.currentTarget.value)}
          data={[{ value: "", label: t("account.profile.languageAuto") }, ...languages.map((l) => ({ value: l, label: languageNames[l] }))]}
          data-testid="profile-language"
        />
        {message && <Notice kind={message.kind}>{message.kind === "success" ? t("account.profile.saved") : message.text}</Notice>}
        <div>
          <Button type="submit" loading={busy} data-testid="profile-save">
            {t("account.profile.save")}
          </Button>
        </div>
      </form>
    </Section>
  );
}

function PasswordSection() {
  const { t } = useI18n();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ kind: "success" | "error"; text: string } | null>(null);
  const rules = { min: passwordRules.min, max: passwordRules.max };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setMessage(null);
    if (next !== confirm) {
      setMessage({ kind: "error", text: t("account.password.mismatch") });
      return;
    }
    if (next.length < rules.min || next.length > rules.max) {
      setMessage({ kind: "error", text: t("account.password.weak", rules) });
      return;
    }
    setBusy(true);
    const result = await changePassword(current, next);
    setBusy(false);
    if (result.ok) {
      setCurrent("");
      setNext("");
      setConfirm("");
      setMessage({ kind: "success", text: t("account.password.changed") });
      return;
    }
    const code = result.error.kind === "http" ? result.error.code : undefined;
    setMessage({
      kind: "error",
      text: code === "wrong_password" ? t("account.password.wrong") : code === "weak_password" ? t("account.password.weak", rules) : describeError(result.error, t),
    });
  };

  return (
    <Section id="password" icon={<IconLock size={22} />} title={t("account.password.title")}>
      <form onSubmit={submit} className="ens-form ens-form-narrow" data-testid="password-form">
        {/* Lets password managers know whose password this is. */}
        <PasswordInput label={t("account.password.current")} value={current} onChange={(e) => setCurrent(e.currentTarget.value)} autoComplete="current-password" required data-testid="password-current" />
        <PasswordInput
          label={t("account.password.new")}
          description={t("account.password.help", rules)}
          value={next}
          onChange={(e) => setNext(e.currentTarget.value)}
          autoComplete="new-password"
          required
          minLength={rules.min}
          maxLength={rules.max}
          data-testid="password-new"
        />
        <PasswordInput label={t("account.password.confirm")} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} autoComplete="new-password" required data-testid="password-confirm" />
        {message && (
          <Notice kind={message.kind} testId="password-message">
            {message.text}
          </Notice>
        )}
        <div>
          <Button type="submit" loading={busy} data-testid="password-submit">
            {t("account.password.submit")}
          </Button>
        </div>
      </form>
    </Section>
  );
}

/** useList loads a list from the API and reloads it on demand. */
function useList<T>(load: () => Promise<ApiResult<T[]>>) {
  const [items, setItems] = useState<T[] | null>(null);
  const [error, setError] = useState<ApiResult<T[]> | null>(null);
  const reload = useCallback(async () => {
    const result = await load();
    if (result.ok) {
      setItems(result.data);
      setError(null);
    } else setError(result);
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, error: error && !error.ok ? error.error : null, reload };
}

const loadSessions = async (): Promise<ApiResult<Session[]>> => {
  const r = await listSessions();
  return r.ok ? { ok: true, data: r.data.sessions ?? [] } : r;
};
const loadTokens = async (): Promise<ApiResult<Token[]>> => {
  const r = await listTokens();
  return r.ok ? { ok: true, data: r.data.tokens ?? [] } : r;
};

const loadConsents = async (): Promise<ApiResult<Consent[]>> => {
  const r = await listConsents();
  return r.ok ? { ok: true, data: r.data.consents ?? [] } : r;
};

function ListState({ error, retry }: { error: Parameters<typeof describeError>[0] | null; retry: () => void }) {
  const { t } = useI18n();
  if (error) {
    return (
      <div>
        <Notice kind="error">{describeError(error, t)}</Notice>
        <Button variant="default" mt="sm" onClick={retry}>
          {t("common.retry")}
        </Button>
      </div>
    );
  }
  return (
    <p className="ens-pending-inline" role="status">
      <Loader size="xs" /> {t("common.loading")}
    </p>
  );
}

function SessionsSection() {
  const { t, lang } = useI18n();
  const { items, error, reload } = useList(loadSessions);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const agentName = (s: Session) => {
    const a = describeAgent(s.user_agent);
    return a ? t("account.sessions.agent", a) : t("account.sessions.unknownAgent");
  };
  const others = (items ?? []).filter((s) => !s.current);

  const ask = (ids: string[], title: string, body: string) =>
    setConfirm({
      title,
      body,
      confirm: t("account.sessions.revoke"),
      danger: true,
      run: async () => {
        for (const id of ids) {
          const r = await revokeSession(id);
          if (!r.ok && !(r.error.kind === "http" && r.error.status === 404)) return describeError(r.error, t);
        }
        setNotice(t("account.sessions.revoked"));
        await reload();
        return null;
      },
    });

  // The current session first, then the most recently active.
  const sorted = [...(items ?? [])].sort((a, b) => Number(b.current) - Number(a.current) || b.last_seen_at.localeCompare(a.last_seen_at));

  return (
    <Section id="sessions" icon={<IconDevice size={22} />} title={t("account.sessions.title")} lead={t("account.sessions.lead")}>
      {notice && (
        <Notice kind="success" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {items === null ? (
        <ListState error={error} retry={reload} />
      ) : (
        <>
          <ul className="ens-session-list" data-testid="session-list">
            {sorted.map((s) => (
              <li key={s.id} className="ens-session" data-current={s.current} data-testid="session">
                <span className="ens-session-icon" aria-hidden="true">
                  <IconDevice size={22} />
                </span>
                <div className="ens-session-body">
                  <p className="ens-session-name">
                    {agentName(s)}
                    {s.current && <span className="ens-tag ens-tag-ok">{t("account.sessions.current")}</span>}
                  </p>
                  <p className="ens-session-meta">
                    <span>{t("account.sessions.lastSeen", { date: formatDateTime(s.last_seen_at, lang) })}</span>
                    <span>{t("account.sessions.started", { date: formatDateTime(s.created_at, lang) })}</span>
                    {s.ip && <span>{t("account.sessions.ip", { ip: s.ip })}</span>}
                  </p>
                </div>
                {!s.current && (
                  <Button
                    variant="default"
                    size="sm"
                    aria-label={t("account.sessions.revokeLabel", { agent: agentName(s) })}
                    onClick={() => ask([s.id], t("account.sessions.revokeTitle"), t("account.sessions.revokeBody", { agent: agentName(s) }))}
                  >
                    {t("account.sessions.revoke")}
                  </Button>
                )}
              </li>
            ))}
          </ul>
          {others.length === 0 ? (
            <p className="ens-muted" data-testid="sessions-only-this">
              {t("account.sessions.onlyThis")}
            </p>
          ) : (
            others.length > 1 && (
              <Button variant="default" color="red" mt="md" onClick={() => ask(others.map((s) => s.id), t("account.sessions.revokeOthersTitle"), t("account.sessions.revokeOthersBody"))}>
                {t("account.sessions.revokeOthers")}
              </Button>
            )
          )}
        </>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Section>
  );
}

/** AppsSection lists the other applications the person allowed to sign them in, and withdraws those permissions. */
function AppsSection() {
  const { t, lang } = useI18n();
  const { items, error, reload } = useList(loadConsents);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const ask = (c: Consent) =>
    setConfirm({
      title: t("account.apps.withdrawTitle", { name: c.client_name }),
      body: t("account.apps.withdrawBody", { name: c.client_name }),
      confirm: t("account.apps.withdraw"),
      danger: true,
      run: async () => {
        const r = await withdrawConsent(c.client_id);
        // Already withdrawn (another tab): the list below says the same.
        if (!r.ok && !(r.error.kind === "http" && r.error.status === 404)) return describeError(r.error, t);
        setNotice(t("account.apps.withdrawn", { name: c.client_name }));
        await reload();
        return null;
      },
    });

  return (
    <Section id="apps" icon={<IconPlug size={22} />} title={t("account.apps.title")} lead={t("account.apps.lead")}>
      {notice && (
        <Notice kind="success" onClose={() => setNotice(null)} testId="apps-notice">
          {notice}
        </Notice>
      )}
      {items === null ? (
        <ListState error={error} retry={reload} />
      ) : items.length === 0 ? (
        <div className="ens-empty ens-empty-sm" data-testid="apps-empty">
          <span className="ens-empty-icon" aria-hidden="true">
            <IconPlug size={26} />
          </span>
          <div>
            <h3 className="ens-empty-title">{t("account.apps.emptyTitle")}</h3>
            <p className="ens-empty-body">{t("account.apps.emptyBody")}</p>
          </div>
        </div>
      ) : (
        <ul className="ens-session-list" aria-label={t("account.apps.listLabel")} data-testid="app-list">
          {items.map((c) => (
            <li key={c.client_id} className="ens-session ens-consent" data-testid="app-row" data-name={c.client_name}>
              <span className="ens-team-mark" aria-hidden="true" data-initials={initials(c.client_name)} />
              <div className="ens-session-body">
                <h3 className="ens-session-name ens-consent-name">{c.client_name}</h3>
                <p className="ens-session-meta">
                  <span>{t("account.apps.allowed", { date: formatDate(c.created_at, lang) })}</span>
                </p>
                <ul className="ens-scope-list" aria-label={t("account.apps.mayLabel", { name: c.client_name })} data-testid="app-scopes">
                  {describeScopes(c.scopes).map((s) =>
                    "key" in s ? (
                      <li key={s.key}>
                        <IconCheck size={16} />
                        {t(s.key)}
                      </li>
                    ) : (
                      <li key={s.raw}>
                        <IconCheck size={16} />
                        <code className="ens-mono">{s.raw}</code>
                      </li>
                    ),
                  )}
                </ul>
              </div>
              <Button variant="default" size="sm" aria-label={t("account.apps.withdrawLabel", { name: c.client_name })} data-testid="app-withdraw" onClick={() => ask(c)}>
                {t("account.apps.withdraw")}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Section>
  );
}

const expiryChoices = [
  { hours: 24 * 30, key: "account.tokens.expiry30" },
  { hours: 24 * 90, key: "account.tokens.expiry90" },
  { hours: 24 * 365, key: "account.tokens.expiry365" },
  { hours: 0, key: "account.tokens.expiryNever" },
] as const;

function TokensSection() {
  const { t, lang } = useI18n();
  const { items, error, reload } = useList(loadTokens);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState(String(24 * 90));
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; secret: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<ConfirmRequest | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setCreateError(null);
    setNotice(null);
    const result = await createToken(name.trim(), Number(expiry));
    setBusy(false);
    if (!result.ok) {
      setCreateError(describeError(result.error, t));
      return;
    }
    setCreated({ name: result.data.token.name, secret: result.data.secret });
    setName("");
    await reload();
  };

  const now = Date.now();
  return (
    <Section id="tokens" icon={<IconKey size={22} />} title={t("account.tokens.title")} lead={t("account.tokens.lead")}>
      {created && (
        <div className="ens-secret" role="region" aria-labelledby="ens-secret-title" data-testid="token-secret">
          <h3 id="ens-secret-title" className="ens-secret-title">
            {t("account.tokens.createdTitle")}
          </h3>
          <p className="ens-secret-body">{t("account.tokens.createdBody")}</p>
          <CopyField label={t("account.tokens.secretLabel", { name: created.name })} value={created.secret} testId="token-secret-value" />
          <Button variant="default" mt="md" onClick={() => setCreated(null)} data-testid="token-secret-done">
            {t("account.tokens.done")}
          </Button>
        </div>
      )}
      <form onSubmit={submit} className="ens-token-form" data-testid="token-form">
        <TextInput
          label={t("account.tokens.name")}
          placeholder={t("account.tokens.namePlaceholder")}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          required
          maxLength={100}
          className="ens-token-name"
          data-testid="token-name"
        />
        <NativeSelect
          label={t("account.tokens.expiry")}
          value={expiry}
          onChange={(e) => setExpiry(e.currentTarget.value)}
          data={expiryChoices.map((c) => ({ value: String(c.hours), label: t(c.key) }))}
          data-testid="token-expiry"
        />
        <Button type="submit" loading={busy} data-testid="token-create">
          {t("account.tokens.create")}
        </Button>
      </form>
      {createError && <Notice kind="error">{createError}</Notice>}
      {notice && (
        <Notice kind="success" onClose={() => setNotice(null)}>
          {notice}
        </Notice>
      )}
      {items === null ? (
        <ListState error={error} retry={reload} />
      ) : items.length === 0 ? (
        <div className="ens-empty ens-empty-sm" data-testid="tokens-empty">
          <span className="ens-empty-icon" aria-hidden="true">
            <IconKey size={26} />
          </span>
          <div>
            <h3 className="ens-empty-title">{t("account.tokens.emptyTitle")}</h3>
            <p className="ens-empty-body">{t("account.tokens.emptyBody")}</p>
          </div>
        </div>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table className="ens-table" verticalSpacing="sm" aria-label={t("account.tokens.listLabel")} data-testid="token-table">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("account.tokens.colName")}</Table.Th>
                <Table.Th scope="col">{t("account.tokens.colPrefix")}</Table.Th>
                <Table.Th scope="col">{t("account.tokens.colCreated")}</Table.Th>
                <Table.Th scope="col">{t("account.tokens.colLastUsed")}</Table.Th>
                <Table.Th scope="col">{t("account.tokens.colExpires")}</Table.Th>
                <Table.Th scope="col">
                  <span className="ens-visually-hidden">{t("account.tokens.colActions")}</span>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((tok) => {
                const expired = tok.expires_at !== null && new Date(tok.expires_at).getTime() < now;
                return (
                  <Table.Tr key={tok.id} data-testid="token-row">
                    <Table.Th scope="row" className="ens-cell-strong">
                      {tok.name}
                    </Table.Th>
                    <Table.Td>
                      <code className="ens-mono">{tok.prefix}…</code>
                    </Table.Td>
                    <Table.Td>{formatDate(tok.created_at, lang)}</Table.Td>
                    <Table.Td>{tok.last_used_at ? formatDateTime(tok.last_used_at, lang) : t("common.never")}</Table.Td>
                    <Table.Td>
                      {tok.expires_at ? (
                        expired ? (
                          <span className="ens-tag ens-tag-error">{t("account.tokens.expired")}</span>
                        ) : (
                          formatDate(tok.expires_at, lang)
                        )
                      ) : (
                        t("common.never")
                      )}
                    </Table.Td>
                    <Table.Td className="ens-cell-actions">
                      <Button
                        variant="default"
                        size="xs"
                        aria-label={t("account.tokens.revokeLabel", { name: tok.name })}
                        data-testid="token-revoke"
                        onClick={() =>
                          setConfirm({
                            title: t("account.tokens.revokeTitle", { name: tok.name }),
                            body: t("account.tokens.revokeBody"),
                            confirm: t("account.tokens.revoke"),
                            danger: true,
                            run: async () => {
                              const r = await revokeToken(tok.id);
                              if (!r.ok) return describeError(r.error, t);
                              setNotice(t("account.tokens.revoked"));
                              await reload();
                              return null;
                            },
                          })
                        }
                      >
                        {t("account.tokens.revoke")}
                      </Button>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <ConfirmDialog request={confirm} onClose={() => setConfirm(null)} />
    </Section>
  );
}
