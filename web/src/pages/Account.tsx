// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { RequireUser } from "../components/RequireUser";
import { useI18n } from "../i18n/context";
import { AppsSection } from "./AccountApps";
import { PasswordSection } from "./AccountPassword";
import { ProfileSection } from "./AccountProfile";
import { SessionsSection } from "./AccountSessions";
import { TokensSection } from "./AccountTokens";
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
