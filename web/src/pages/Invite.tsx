// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader, PasswordInput, TextInput } from "@mantine/core";
import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { ApiError } from "../api/client";
import { logout } from "../api/identity";
import { acceptInvitation, showInvitation, type InvitationInfo } from "../api/teams";
import { safeReturnTo, signInPath } from "../auth";
import { LogoMark } from "../components/Logo";
import { Notice } from "../components/Notice";
import { describeError, describeFormError, formatDateTime, passwordRules } from "../format";
import { useI18n } from "../i18n/context";
import type { MessageKey } from "../i18n/languages";
import { IconLogin } from "../icons";
import { useSession } from "../session-context";
import type { Role } from "../teams";
import { PageTitle } from "./PageTitle";

const roleKey: Record<Role, MessageKey> = { member: "teams.role.member", administrator: "teams.role.administrator", owner: "teams.role.owner" };

/** sameEmail compares addresses as the server does: without regard to case. */
export function sameEmail(a: string, b: string): boolean {
  return a.trim().toLowerCase() === b.trim().toLowerCase();
}

/**
 * Invite is /invite/<secret>: what the link invites to, and how to accept
 * it: create the account (name and password) if the address has none, or
 * sign in with it and accept.
 */
export function Invite({ secret }: { secret: string }) {
  const { t, lang } = useI18n();
  const { state } = useSession();
  const [info, setInfo] = useState<InvitationInfo | null>(null);
  const [loadError, setLoadError] = useState<ApiError | null>(null);

  const load = useCallback(async () => {
    setLoadError(null);
    const r = await showInvitation(secret);
    if (r.ok) setInfo(r.data);
    else setLoadError(r.error);
  }, [secret]);
  useEffect(() => {
    void load();
  }, [load]);

  const invalid = loadError?.kind === "http" && loadError.status === 404;
  const here = `/invite/${encodeURIComponent(secret)}`;

  let body;
  if (invalid) {
    body = (
      <>
        <h1 id="ens-page-title" className="ens-auth-title" tabIndex={-1}>
          {t("invite.invalidTitle")}
        </h1>
        <Notice kind="error" testId="invite-invalid">
          {t("invite.invalid")}
        </Notice>
        <Button component="a" href="/" variant="default" size="md" fullWidth mt="lg">
          {t("notFound.home")}
        </Button>
      </>
    );
  } else if (loadError) {
    body = (
      <>
        <h1 id="ens-page-title" className="ens-auth-title" tabIndex={-1}>
          {t("invite.title")}
        </h1>
        <Notice kind="error">{describeError(loadError, t)}</Notice>
        <Button variant="default" mt="md" onClick={() => void load()}>
          {t("common.retry")}
        </Button>
      </>
    );
  } else if (!info || state.status === "loading") {
    body = (
      <p className="ens-pending-inline" role="status">
        <Loader size="xs" /> {t("common.loading")}
      </p>
    );
  } else {
    const team = info.team_name ?? "";
    const role = t(roleKey[info.role] ?? "teams.role.member");
    body = (
      <>
        <h1 id="ens-page-title" className="ens-auth-title" tabIndex={-1}>
          {team ? t("invite.titleTeam", { team }) : t("invite.title")}
        </h1>
        <p className="ens-auth-lead" data-testid="invite-summary">
          {team ? t("invite.leadTeam", { inviter: info.inviter_name, team, role }) : t("invite.lead", { inviter: info.inviter_name })}
        </p>
        <dl className="ens-invite-facts">
          <div>
            <dt>{t("invite.for")}</dt>
            <dd className="ens-break">{info.email}</dd>
          </div>
          <div>
            <dt>{t("invite.until")}</dt>
            <dd>{formatDateTime(info.expires_at, lang)}</dd>
          </div>
        </dl>
        {state.status === "signed-in" ? (
          sameEmail(state.user.email, info.email) ? (
            <AcceptAsMe secret={secret} />
          ) : (
            <OtherAccount invited={info.email} current={state.user.email} />
          )
        ) : info.account_exists ? (
          <>
            <Notice kind="info" testId="invite-sign-in">
              {t("invite.signInFirst", { email: info.email })}
            </Notice>
            <Button component="a" href={signInPath(here)} size="md" fullWidth mt="lg" leftSection={<IconLogin size={18} />} data-testid="invite-sign-in-button">
              {t("invite.signIn")}
            </Button>
          </>
        ) : (
          <CreateAccount secret={secret} email={info.email} here={here} />
        )}
      </>
    );
  }

  return (
    <div className="ens-auth-page">
      <PageTitle title={t("invite.docTitle")} />
      <div className="ens-auth-card ens-card" data-testid="invite-page">
        <div className="ens-auth-brand" aria-hidden="true">
          <LogoMark size={40} />
        </div>
        {body}
      </div>
    </div>
  );
}

/** follow loads the page the server says comes next (through /auth/login to the team). */
function follow(redirect: string | undefined, fallback: string) {
  window.location.assign(safeReturnTo(redirect ?? fallback));
}

function AcceptAsMe({ secret }: { secret: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      {error && (
        <Notice kind="error" testId="invite-error">
          {error}
        </Notice>
      )}
      <Button
        size="md"
        fullWidth
        mt="md"
        loading={busy}
        data-testid="invite-accept"
        onClick={async () => {
          setBusy(true);
          setError(null);
          const r = await acceptInvitation(secret, {});
          if (r.ok) return follow(r.data?.redirect, "/teams");
          setBusy(false);
          setError(acceptError(r.error, t));
        }}
      >
        {t("invite.accept")}
      </Button>
    </>
  );
}

/** acceptError explains a refused acceptance. */
function acceptError(error: ApiError, t: ReturnType<typeof useI18n>["t"]): string {
  if (error.kind === "http" && error.code === "other_account") return t("invite.otherAccountShort");
  if (error.kind === "http" && error.code === "invalid_link") return t("invite.invalid");
  if (error.kind === "http" && error.code === "account_exists") return t("invite.accountExists");
  if (error.kind === "http" && error.code === "weak_password") return t("account.password.weak", passwordRules);
  return describeFormError(error, t);
}

function OtherAccount({ invited, current }: { invited: string; current: string }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <>
      <Notice kind="info" title={t("invite.otherAccountTitle")} testId="invite-other-account">
        {t("invite.otherAccount", { invited, current })}
      </Notice>
      <Button
        variant="default"
        size="md"
        fullWidth
        mt="lg"
        loading={busy}
        data-testid="invite-sign-out"
        onClick={async () => {
          setBusy(true);
          await logout();
          window.location.reload();
        }}
      >
        {t("invite.signOut")}
      </Button>
    </>
  );
}

function CreateAccount({ secret, email, here }: { secret: string; email: string; here: string }) {
  const { t } = useI18n();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [exists, setExists] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (password.length < passwordRules.min || password.length > passwordRules.max) return setError(t("account.password.weak", passwordRules));
    if (password !== confirm) return setError(t("account.password.mismatch"));
    setBusy(true);
    const r = await acceptInvitation(secret, { name: name.trim(), password });
    if (r.ok) return follow(r.data?.redirect, "/teams");
    setBusy(false);
    if (r.error.kind === "http" && r.error.code === "account_exists") setExists(true);
    setError(acceptError(r.error, t));
  };

  return (
    <form onSubmit={submit} className="ens-form" data-testid="invite-form">
      <p className="ens-muted ens-invite-hint">{t("invite.createLead")}</p>
      <TextInput label={t("invite.email")} value={email} readOnly variant="filled" autoComplete="username" />
      <TextInput label={t("invite.name")} value={name} onChange={(e) => setName(e.currentTarget.value)} required maxLength={200} autoComplete="name" size="md" data-testid="invite-name" />
      <PasswordInput
        label={t("invite.password")}
        description={t("account.password.help", passwordRules)}
        value={password}
        onChange={(e) => setPassword(e.currentTarget.value)}
        required
        autoComplete="new-password"
        size="md"
        data-testid="invite-password"
      />
      <PasswordInput label={t("invite.confirm")} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} required autoComplete="new-password" size="md" data-testid="invite-confirm" />
      {error && (
        <Notice kind="error" testId="invite-error">
          {error}
          {exists && (
            <>
              {" "}
              <a href={signInPath(here)} className="ens-inline-link">
                {t("invite.signIn")}
              </a>
            </>
          )}
        </Notice>
      )}
      <Button type="submit" size="md" fullWidth loading={busy} data-testid="invite-submit">
        {t("invite.create")}
      </Button>
    </form>
  );
}
