// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Popover, Text, UnstyledButton } from "@mantine/core";
import { useState } from "react";
import { logout } from "../api/identity";
import { currentPath, initials, loginPath, signInPath } from "../auth";
import { useI18n } from "../i18n/context";
import { IconLogin, IconLogout, IconSettings, IconShield, IconUsers } from "../icons";
import { Link, usePath } from "../router";
import { useSession } from "../session-context";
import { useDisclosurePanel } from "./useDisclosurePanel";

/**
 * UserMenu is the header's account control: a "Sign in" link for visitors,
 * and for a signed-in user a disclosure with their name, links to their
 * account and (administrators) the administration, and Sign out.
 */
export function UserMenu() {
  const { t } = useI18n();
  const { state } = useSession();
  usePath(); // Re-render on navigation, so that the sign-in link comes back here.

  if (state.status === "loading") return <span className="ens-user-placeholder" aria-hidden="true" />;
  if (state.status !== "signed-in") {
    // The web app signs in through its OpenID Connect provider: a full
    // page load to /auth/login, never a client-side navigation. On the
    // login page itself, the link stays there.
    const onLogin = window.location.pathname === "/login";
    return (
      <a href={onLogin ? currentPath() : signInPath(currentPath())} className="ens-header-button ens-signin-link" data-testid="user-menu">
        <IconLogin size={20} />
        <span>{t("user.signIn")}</span>
      </a>
    );
  }
  return <SignedInMenu name={state.user.name} email={state.user.email} admin={state.user.admin} />;
}

function SignedInMenu({ name, email, admin }: { name: string; email: string; admin: boolean }) {
  const { t } = useI18n();
  const { opened, toggle, close, buttonRef } = useDisclosurePanel();
  const [signingOut, setSigningOut] = useState(false);
  const [failed, setFailed] = useState(false);
  const letters = initials(name, email);

  const signOut = async () => {
    setSigningOut(true);
    setFailed(false);
    const result = await logout();
    if (result.ok || (result.error.kind === "http" && result.error.status === 401)) {
      window.location.assign(loginPath(undefined, { loggedOut: true }));
      return;
    }
    setSigningOut(false);
    setFailed(true);
  };

  return (
    <Popover opened={opened} onChange={(o) => (o ? undefined : close())} onDismiss={close} position="bottom-end" width={300} shadow="lg" withinPortal={false} closeOnEscape={false}>
      <Popover.Target>
        <UnstyledButton
          ref={buttonRef}
          className="ens-header-button ens-user-button"
          onClick={toggle}
          aria-expanded={opened}
          aria-controls="ens-user-panel"
          aria-label={`${t("user.button")}: ${name}`}
          data-testid="user-menu"
        >
          {/* The initials are drawn by CSS so that the button's text is just the name. */}
          <span className="ens-avatar ens-avatar-initials" aria-hidden="true" data-initials={letters} />
          <span className="ens-header-button-label ens-user-name">{name}</span>
        </UnstyledButton>
      </Popover.Target>
      <Popover.Dropdown id="ens-user-panel" role="region" aria-label={t("user.button")} className="ens-user-panel">
        <div className="ens-user-row">
          <span className="ens-avatar ens-avatar-lg ens-avatar-initials" aria-hidden="true" data-initials={letters} />
          <div className="ens-user-ident">
            <Text component="h2" fw={700} size="md" className="ens-user-ident-name">
              {name}
            </Text>
            <Text size="sm" c="dimmed" className="ens-user-ident-email" data-testid="user-email">
              {email}
            </Text>
          </div>
        </div>
        {admin && <p className="ens-tag ens-tag-accent ens-user-tag">{t("user.adminBadge")}</p>}
        <ul className="ens-user-links">
          <li>
            <Link href="/account" className="ens-user-link" onClick={close}>
              <IconSettings size={18} />
              {t("user.account")}
            </Link>
          </li>
          <li>
            <Link href="/teams" className="ens-user-link" onClick={close} data-testid="user-teams">
              <IconUsers size={18} />
              {t("user.teams")}
            </Link>
          </li>
          {admin && (
            <li>
              <Link href="/admin" className="ens-user-link" onClick={close}>
                <IconShield size={18} />
                {t("user.admin")}
              </Link>
            </li>
          )}
          <li>
            <button type="button" className="ens-user-link" onClick={signOut} disabled={signingOut} data-testid="sign-out">
              <IconLogout size={18} />
              {t("user.signOut")}
            </button>
          </li>
        </ul>
        {failed && (
          <Text role="alert" size="sm" c="var(--ensemble-error)" mt="xs">
            {t("user.signOutFailed")}
          </Text>
        )}
      </Popover.Dropdown>
    </Popover>
  );
}
