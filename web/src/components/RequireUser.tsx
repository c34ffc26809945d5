// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader } from "@mantine/core";
import { useEffect, type ReactNode } from "react";
import type { User } from "../api/identity";
import { currentPath, signInPath } from "../auth";
import { describeError } from "../format";
import { useI18n } from "../i18n/context";
import { IconArrowLeft, IconLock } from "../icons";
import { PageTitle } from "../pages/PageTitle";
import { Link } from "../router";
import { useSession } from "../session-context";
import { Notice } from "./Notice";

/**
 * RequireUser shows its children only to a signed-in user (an
 * administrator if admin is set). A visitor is sent through the web app's
 * sign-in (/auth/login, a full page load), which brings them back here; a user who is not an administrator sees a
 * 403 page.
 */
export function RequireUser({ admin = false, children }: { admin?: boolean; children: (user: User) => ReactNode }) {
  const { t } = useI18n();
  const { state, reload } = useSession();
  const signedOut = state.status === "signed-out";

  useEffect(() => {
    if (signedOut) window.location.replace(signInPath(currentPath()));
  }, [signedOut]);

  if (state.status === "loading" || state.status === "signed-out") {
    return (
      <div className="ens-container ens-pending" role="status" data-testid="auth-pending">
        <Loader size="sm" />
        <span>{t(state.status === "loading" ? "auth.checking" : "auth.redirecting")}</span>
      </div>
    );
  }
  if (state.status === "error") {
    return (
      <div className="ens-container ens-pending-error">
        <Notice kind="error">{describeError(state.error, t)}</Notice>
        <Button variant="default" mt="md" onClick={reload}>
          {t("common.retry")}
        </Button>
      </div>
    );
  }
  if (admin && !state.user.admin) return <Forbidden />;
  return <>{children(state.user)}</>;
}

/** Forbidden is the 403 page: the page exists, but not for this user. */
export function Forbidden() {
  const { t } = useI18n();
  return (
    <div className="ens-container ens-notfound" data-testid="forbidden">
      <PageTitle title={t("forbidden.docTitle")} />
      <span className="ens-notfound-icon" aria-hidden="true">
        <IconLock size={44} />
      </span>
      <p className="ens-eyebrow">{t("forbidden.code")}</p>
      <h1 id="ens-page-title" className="ens-page-title" tabIndex={-1}>
        {t("forbidden.title")}
      </h1>
      <p className="ens-lead">{t("forbidden.body")}</p>
      <Button component={Link} href="/" size="md" leftSection={<IconArrowLeft size={18} />} mt="lg">
        {t("notFound.home")}
      </Button>
    </div>
  );
}
