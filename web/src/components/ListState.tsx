// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

import { Button, Loader } from "@mantine/core";
import type { ReactNode } from "react";
import type { ApiError } from "../api/client";
import { describeError } from "../format";
import { useI18n } from "../i18n/context";
import { Notice } from "./Notice";

/**
 * ListState stands in for a list that is not there yet: the error with a
 * "Retry" button, or "Loading…". block wraps the error in a <div> (for
 * layouts that space their children).
 */
export function ListState({ error, retry, block = false }: { error: ApiError | null; retry: () => void; block?: boolean }) {
  const { t } = useI18n();
  if (error) {
    const content = (
      <>
        <Notice kind="error">{describeError(error, t)}</Notice>
        <Button variant="default" mt="sm" onClick={() => void retry()}>
          {t("common.retry")}
        </Button>
      </>
    );
    return block ? <div>{content}</div> : content;
  }
  return (
    <p className="ens-pending-inline" role="status">
      <Loader size="xs" /> {t("common.loading")}
    </p>
  );
}

/** EmptyState is the message shown in place of an empty list. */
export function EmptyState({
  icon,
  title,
  titleAs: Title = "h2",
  body,
  className = "ens-empty ens-empty-sm",
  testId,
  children,
}: {
  icon: ReactNode;
  title?: string;
  titleAs?: "h2" | "h3";
  body: string;
  className?: string;
  testId?: string;
  children?: ReactNode;
}) {
  return (
    <div className={className} data-testid={testId}>
      <span className="ens-empty-icon" aria-hidden="true">
        {icon}
      </span>
      {title === undefined ? (
        <p className="ens-empty-body">{body}</p>
      ) : (
        <div>
          <Title className="ens-empty-title">{title}</Title>
          <p className="ens-empty-body">{body}</p>
          {children}
        </div>
      )}
    </div>
  );
}
