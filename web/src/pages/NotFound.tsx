// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button } from "@mantine/core";
import { useI18n } from "../i18n/context";
import { IconArrowLeft, IconCompass } from "../icons";
import { Link } from "../router";
import { PageTitle } from "./PageTitle";

/** NotFound answers client routes that do not exist, with a way back home. */
export function NotFound({ path }: { path: string }) {
  const { t } = useI18n();
  return (
    <div className="ens-container ens-notfound" data-testid="not-found">
      <PageTitle title={t("notFound.docTitle")} />
      <span className="ens-notfound-icon" aria-hidden="true">
        <IconCompass size={44} />
      </span>
      <p className="ens-eyebrow">{t("notFound.code")}</p>
      <h1 id="ens-page-title" className="ens-page-title" tabIndex={-1}>
        {t("notFound.title")}
      </h1>
      <p className="ens-lead">{t("notFound.body")}</p>
      <p className="ens-notfound-path">{t("notFound.path", { path })}</p>
      <Button component={Link} href="/" size="md" leftSection={<IconArrowLeft size={18} />} mt="lg">
        {t("notFound.home")}
      </Button>
    </div>
  );
}
