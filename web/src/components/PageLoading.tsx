// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Loader } from "@mantine/core";
import { useI18n } from "../i18n/context";

/** PageLoading is shown while a lazily loaded page's code arrives: a spinner with a spoken label. */
export function PageLoading() {
  const { t } = useI18n();
  return (
    <div className="ens-container ens-pending" role="status" aria-live="polite" data-testid="page-loading">
      <Loader size="sm" aria-hidden="true" />
      <span>{t("common.loadingPage")}</span>
    </div>
  );
}
