// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { useI18n } from "../i18n/context";
import { Link } from "../router";
import { AppSwitcher } from "./AppSwitcher";
import { LanguageMenu } from "./LanguageMenu";
import { LogoMark } from "./Logo";
import { Notifications } from "./Notifications";
import { ThemeToggle } from "./ThemeToggle";
import { UserMenu } from "./UserMenu";

/** Header is the banner of every page: the product, the app switcher and the personal controls. */
export function Header() {
  const { t } = useI18n();
  return (
    <header className="ens-header">
      <div className="ens-header-inner">
        <Link href="/" className="ens-brand" title={t("nav.home")}>
          <LogoMark size={34} />
          <span className="ens-brand-text">
            <span className="ens-brand-name">{t("app.name")}</span>
            <span className="ens-brand-tagline">{t("app.tagline")}</span>
          </span>
        </Link>
        <div className="ens-header-tools">
          <nav aria-label={t("nav.label")} className="ens-header-nav">
            <AppSwitcher />
          </nav>
          <span className="ens-header-separator" aria-hidden="true" />
          <LanguageMenu />
          <ThemeToggle />
          <Notifications />
          <UserMenu />
        </div>
      </div>
    </header>
  );
}
