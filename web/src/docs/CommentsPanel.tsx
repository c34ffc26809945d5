// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

// The "Comments" drawer of a document: its threads (each with the text
// commented on), replies, resolve and reopen, reactions, and a box to
// comment on the text selected in the editor. Threads live in the REST API
// (internal/doccomments), not in the Yjs document, so that commenters, who
// may not change the content, can comment; they are anchored by Yjs
// relative positions (commentAnchors.ts) and highlighted in the editor by
// decorations (commentHighlights.ts), not by inline marks. Its texts live
// here, in the three languages, so that the panel stays one file.
import { Badge, Button, Combobox, Drawer, Group, Stack, Text, Textarea, useCombobox, type TextareaProps } from "@mantine/core";
import { useCallback, useEffect, useRef, useState, type FormEvent } from "react";
import { apiCall, type ApiResult } from "../api/client";
import { ListState } from "../components/ListState";
import { Notice } from "../components/Notice";
import { describeError, formatDateTime } from "../format";
import type { Language, Params } from "../i18n/languages";
import { listAccesses, type Doc } from "./api";
import "./comments.css";
import type { DocComments } from "./docComments";
import { useDocsI18n } from "./i18n";
import { insertMention, matchPeople, mentionedIDs, mentionQuery, type Mentionable } from "./mentions";
import { shownTitle } from "./ui";

/** Person is the author of a comment, or who resolved a thread. */
export interface Person {
  id: string;
  name: string;
}

/** Comment is one message of a thread; body is plain text (a string) or BlockNote blocks. */
export interface Comment {
  id: string;
  thread_id: string;
  author: Person | null;
  body: unknown;
  created_at: string;
  edited_at: string | null;
  deleted: boolean;
  reactions: { emoji: string; user_ids: string[] }[];
}

/** Thread is a discussion on a passage of a document (GET /api/v1/docs/{id}/threads). */
export interface Thread {
  id: string;
  anchor: unknown;
  quote: string;
  resolved: boolean;
  resolved_by: Person | null;
  created_by: Person | null;
  created_at: string;
  comments: Comment[];
}

const base = (docID: string) => `/api/v1/docs/${encodeURIComponent(docID)}/threads`;

/** listThreads lists a document's threads, oldest first. */
export async function listThreads(docID: string): Promise<ApiResult<Thread[]>> {
  const r = await apiCall<{ threads: Thread[] }>("GET", base(docID));
  return r.ok ? { ok: true, data: r.data.threads ?? [] } : r;
}

/** startThread comments on a passage. */
export function startThread(docID: string, quote: string, anchor: unknown, body: string, mentions: string[] = []): Promise<ApiResult<Thread>> {
  return apiCall<Thread>("POST", base(docID), { quote, anchor, body, mentions });
}

/** reply adds a comment to a thread. */
export function reply(docID: string, threadID: string, body: string, mentions: string[] = []): Promise<ApiResult<Comment>> {
  return apiCall<Comment>("POST", `${base(docID)}/${encodeURIComponent(threadID)}/comments`, { body, mentions });
}

/** setResolved resolves or reopens a thread. */
export function setResolved(docID: string, threadID: string, resolved: boolean): Promise<ApiResult<Thread>> {
  return apiCall<Thread>("POST", `${base(docID)}/${encodeURIComponent(threadID)}/${resolved ? "resolve" : "reopen"}`);
}

/** react adds (on) or takes back a reaction to a comment. */
export function react(docID: string, c: Comment, emoji: string, on: boolean): Promise<ApiResult<Comment>> {
  const path = `${base(docID)}/${encodeURIComponent(c.thread_id)}/comments/${encodeURIComponent(c.id)}/reactions/${encodeURIComponent(emoji)}`;
  return apiCall<Comment>(on ? "PUT" : "DELETE", path);
}

/** deleteComment deletes a comment. */
export function deleteComment(docID: string, c: Comment): Promise<ApiResult<unknown>> {
  return apiCall("DELETE", `${base(docID)}/${encodeURIComponent(c.thread_id)}/comments/${encodeURIComponent(c.id)}`);
}

/** bodyText returns a comment's text: the string itself, or the text of BlockNote blocks. */
export function bodyText(body: unknown): string {
  if (typeof body === "string") return body;
  const parts: string[] = [];
  const walk = (v: unknown, blockLevel: boolean) => {
    if (typeof v === "string") parts.push(v);
    else if (Array.isArray(v)) v.forEach((x) => walk(x, blockLevel));
    else if (v && typeof v === "object") {
      const o = v as Record<string, unknown>;
      if (typeof o.text === "string") parts.push(o.text);
      if (o.content !== undefined) walk(o.content, false);
      if (o.children !== undefined) walk(o.children, true);
      if (blockLevel && o.type !== undefined) parts.push("\n");
    }
  };
  walk(body, true);
  return parts.join("").trim();
}

/** quoteStyle shows the text commented on as a quotation. */
const quoteStyle = { margin: 0, paddingInlineStart: "0.6rem", borderInlineStart: "3px solid var(--mantine-color-yellow-5)", fontSize: "0.875rem", whiteSpace: "pre-wrap" } as const;

/** The quick reactions offered. */
export const quickReactions = ["👍", "❤️", "🎉", "👀"];

/** selectionAnchor reads the text selected in the document's editor, with the ID of its block. */
function selectionAnchor(): { quote: string; anchor: { block_id: string } | null } {
  const sel = typeof window !== "undefined" ? window.getSelection() : null;
  if (!sel || sel.isCollapsed || !sel.anchorNode) return { quote: "", anchor: null };
  const el = sel.anchorNode instanceof Element ? sel.anchorNode : sel.anchorNode.parentElement;
  if (!el?.closest(".ens-doc-sheet")) return { quote: "", anchor: null };
  const block = el.closest("[data-id]");
  const id = block?.getAttribute("data-id");
  return { quote: sel.toString().trim().slice(0, 2000), anchor: id ? { block_id: id } : null };
}

const en = {
  open: "Comments",
  title: "Comments on “{title}”",
  lead: "Select text in the document, then open this panel to comment on it.",
  quote: "Commented text",
  noQuote: "No text selected: your comment is about the whole document.",
  new: "Your comment",
  send: "Comment",
  replyLabel: "Reply to {name}",
  replySend: "Reply",
  resolve: "Resolve",
  reopen: "Reopen",
  resolved: "resolved",
  resolvedBy: "Resolved by {name}",
  empty: "No comments yet.",
  list: "Threads",
  showResolved: "Show resolved threads ({count})",
  hideResolved: "Hide resolved threads",
  deleted: "Comment deleted.",
  edited: "(edited)",
  remove: "Delete",
  removeOf: "Delete the comment of {name}",
  someone: "Someone",
  reactWith: "React with {emoji}",
  reacted: "{emoji} {count}, react or take back",
  readOnly: "You may read the comments; commenting needs the commenter role or more.",
  mentionHint: "Type @ to mention someone the document is shared with.",
  textDeleted: "The commented text was deleted.",
};
type CommentsKey = keyof typeof en;
const fr: Record<CommentsKey, string> = {
  open: "Commentaires",
  title: "Commentaires sur « {title} »",
  lead: "Sélectionnez du texte dans le document, puis ouvrez ce panneau pour le commenter.",
  quote: "Texte commenté",
  noQuote: "Aucun texte sélectionné : votre commentaire porte sur tout le document.",
  new: "Votre commentaire",
  send: "Commenter",
  replyLabel: "Répondre à {name}",
  replySend: "Répondre",
  resolve: "Résoudre",
  reopen: "Rouvrir",
  resolved: "résolu",
  resolvedBy: "Résolu par {name}",
  empty: "Aucun commentaire pour l’instant.",
  list: "Discussions",
  showResolved: "Afficher les discussions résolues ({count})",
  hideResolved: "Masquer les discussions résolues",
  deleted: "Commentaire supprimé.",
  edited: "(modifié)",
  remove: "Supprimer",
  removeOf: "Supprimer le commentaire de {name}",
  someone: "Quelqu’un",
  reactWith: "Réagir avec {emoji}",
  reacted: "{emoji} {count}, réagir ou retirer",
  readOnly: "Vous pouvez lire les commentaires ; pour commenter, il faut le rôle commentateur ou plus.",
  mentionHint: "Tapez @ pour mentionner une personne avec qui le document est partagé.",
  textDeleted: "Le texte commenté a été supprimé.",
};
const de: Record<CommentsKey, string> = {
  open: "Kommentare",
  title: "Kommentare zu „{title}“",
  lead: "Markieren Sie Text im Dokument und öffnen Sie dann diesen Bereich, um ihn zu kommentieren.",
  quote: "Kommentierter Text",
  noQuote: "Kein Text markiert: Ihr Kommentar betrifft das ganze Dokument.",
  new: "Ihr Kommentar",
  send: "Kommentieren",
  replyLabel: "{name} antworten",
  replySend: "Antworten",
  resolve: "Erledigen",
  reopen: "Wieder öffnen",
  resolved: "erledigt",
  resolvedBy: "Erledigt von {name}",
  empty: "Noch keine Kommentare.",
  list: "Diskussionen",
  showResolved: "Erledigte Diskussionen zeigen ({count})",
  hideResolved: "Erledigte Diskussionen ausblenden",
  deleted: "Kommentar gelöscht.",
  edited: "(bearbeitet)",
  remove: "Löschen",
  removeOf: "Kommentar von {name} löschen",
  someone: "Jemand",
  reactWith: "Mit {emoji} reagieren",
  reacted: "{emoji} {count}, reagieren oder zurücknehmen",
  readOnly: "Sie können die Kommentare lesen; zum Kommentieren ist die Rolle Kommentator oder höher nötig.",
  mentionHint: "Tippen Sie @, um eine Person zu erwähnen, mit der das Dokument geteilt ist.",
  textDeleted: "Der kommentierte Text wurde gelöscht.",
};
/** commentsMessages holds the panel's texts in every language. */
export const commentsMessages: Record<Language, Record<CommentsKey, string>> = { en, fr, de };

type CT = (key: CommentsKey, params?: Params) => string;

function useCommentsI18n() {
  const docs = useDocsI18n();
  const c = useCallback<CT>(
    (key, params) => commentsMessages[docs.lang][key].replace(/\{(\w+)\}/g, (m, name: string) => (params && name in params ? String(params[name]) : m)),
    [docs.lang],
  );
  return { ...docs, c };
}

/** CommentsButton opens the comments drawer of a document, on the text selected in the editor. */
export function CommentsButton({ doc, viewerID, comments }: { doc: Doc; viewerID: string; comments: DocComments }) {
  const { c } = useCommentsI18n();
  if (!doc.abilities.read || doc.deleted_at) return null;
  const open = () => comments.openPanel(comments.readSelection.current?.() ?? selectionAnchor());
  return (
    <>
      <Button variant="default" onMouseDown={(e) => e.preventDefault()} onClick={open} data-testid="doc-comments">
        {c("open")}
      </Button>
      {comments.panel && <CommentsPanel doc={doc} viewerID={viewerID} comments={comments} selection={comments.panel} onClose={comments.closePanel} />}
    </>
  );
}

/** CommentsPanel is the drawer of a document's threads. */
export function CommentsPanel({ doc, viewerID, comments, selection, onClose }: { doc: Doc; viewerID: string; comments: DocComments; selection: { quote: string; anchor: unknown }; onClose: () => void }) {
  const { t, c } = useCommentsI18n();
  const { threads: data, error, reload, active, deleted } = comments;
  const [text, setText] = useState("");
  const [quote, setQuote] = useState(selection.quote);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [showResolved, setShowResolved] = useState(false);
  const [chosen, setChosen] = useState<Mentionable[]>([]);
  const canComment = doc.abilities.comment && viewerID !== "";
  const people = useMentionable(doc.id, viewerID, canComment);

  const run = async (p: Promise<ApiResult<unknown>>) => {
    const r = await p;
    if (!r.ok) setNotice(describeError(r.error, t));
    else await reload();
    return r.ok;
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    const ok = await run(startThread(doc.id, quote, quote ? selection.anchor : null, text.trim(), mentionedIDs(text, chosen)));
    setBusy(false);
    if (ok) {
      setText("");
      setQuote("");
      setChosen([]);
    }
  };

  const open = data?.filter((th) => !th.resolved) ?? [];
  const resolved = data?.filter((th) => th.resolved) ?? [];
  const shown = showResolved ? [...open, ...resolved] : open;

  return (
    <Drawer opened onClose={onClose} position="right" size="md" title={c("title", { title: shownTitle(doc, t) })} closeButtonProps={{ "aria-label": t("common.close") }} data-testid="comments-panel">
      <Stack gap="md">
        {notice && (
          <Notice kind="error" onClose={() => setNotice(null)} testId="comments-notice">
            {notice}
          </Notice>
        )}
        {canComment ? (
          <form onSubmit={(e) => void submit(e)} data-testid="comments-new">
            <Stack gap="xs">
              {quote ? (
                <div>
                  <Text size="xs" c="dimmed">
                    {c("quote")}
                  </Text>
                  <blockquote style={quoteStyle} data-testid="comments-new-quote">
                    {quote}
                  </blockquote>
                </div>
              ) : (
                <Text size="sm" c="dimmed">
                  {c("lead")} {c("noQuote")}
                </Text>
              )}
              <MentionTextarea
                people={people}
                onMention={(p) => setChosen((l) => [...l, p])}
                label={c("new")}
                description={people.length > 0 ? c("mentionHint") : undefined}
                value={text}
                onText={setText}
                autosize
                minRows={2}
                maxLength={10000}
                required
                data-testid="comments-text"
              />
              <Group justify="flex-end">
                <Button type="submit" loading={busy} disabled={!text.trim()} data-testid="comments-send">
                  {c("send")}
                </Button>
              </Group>
            </Stack>
          </form>
        ) : (
          <Text size="sm" c="dimmed" data-testid="comments-readonly">
            {c("readOnly")}
          </Text>
        )}
        <section aria-labelledby="comments-list-title">
          <Text component="h3" fw={600} size="md" id="comments-list-title" mb="xs">
            {c("list")}
          </Text>
          {!data && <ListState error={error} retry={reload} />}
          {data && shown.length === 0 && (
            <Text size="sm" c="dimmed" data-testid="comments-empty">
              {c("empty")}
            </Text>
          )}
          <ul style={{ listStyle: "none", margin: 0, padding: 0 }} data-testid="comments-list">
            {shown.map((th) => (
              <ThreadItem key={th.id} doc={doc} thread={th} viewerID={viewerID} c={c} run={run} people={people} active={th.id === active} textDeleted={deleted.has(th.id)} />
            ))}
          </ul>
          {resolved.length > 0 && (
            <Button variant="subtle" size="xs" aria-expanded={showResolved} onClick={() => setShowResolved(!showResolved)} data-testid="comments-toggle-resolved">
              {showResolved ? c("hideResolved") : c("showResolved", { count: resolved.length })}
            </Button>
          )}
        </section>
      </Stack>
    </Drawer>
  );
}

/** useMentionable loads the people the document is shared with, but the viewer; none when the viewer may not list them. */
function useMentionable(docID: string, viewerID: string, enabled: boolean): Mentionable[] {
  const [people, setPeople] = useState<Mentionable[]>([]);
  useEffect(() => {
    if (!enabled) return;
    const ctl = new AbortController();
    void listAccesses(docID, { signal: ctl.signal }).then((r) => {
      if (!r.ok) return; // 403: the caller may not list the accesses, so nobody is offered.
      const seen = new Set<string>();
      const list: Mentionable[] = [];
      for (const a of r.data) {
        if (!a.user || a.user.id === viewerID || seen.has(a.user.id)) continue;
        seen.add(a.user.id);
        list.push({ id: a.user.id, name: a.user.name || a.user.email });
      }
      setPeople(list);
    });
    return () => ctl.abort();
  }, [docID, viewerID, enabled]);
  return people;
}

/** MentionTextarea is a comment box where "@" offers people to mention, chosen with the keyboard or the mouse. */
function MentionTextarea({ people, onMention, value, onText, ...props }: Omit<TextareaProps, "onChange" | "value"> & { people: Mentionable[]; onMention: (p: Mentionable) => void; value: string; onText: (v: string) => void; "data-testid"?: string }) {
  const combobox = useCombobox({ onDropdownClose: () => combobox.resetSelectedOption() });
  const ref = useRef<HTMLTextAreaElement>(null);
  const [query, setQuery] = useState<{ start: number; query: string } | null>(null);
  const options = query ? matchPeople(people, query.query) : [];
  useEffect(() => {
    if (options.length > 0) {
      combobox.openDropdown();
      combobox.selectFirstOption();
    } else combobox.closeDropdown();
  }, [query?.start, query?.query, options.length]);

  const pick = (id: string) => {
    const p = people.find((x) => x.id === id);
    const el = ref.current;
    if (!p || !query) return;
    const r = insertMention(value, query.start, el?.selectionStart ?? value.length, p.name);
    onText(r.text);
    onMention(p);
    setQuery(null);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(r.caret, r.caret);
    });
  };

  return (
    <Combobox store={combobox} onOptionSubmit={pick} position="bottom-start">
      <Combobox.Target>
        <Textarea
          ref={ref}
          {...props}
          value={value}
          onChange={(e) => {
            onText(e.currentTarget.value);
            setQuery(mentionQuery(e.currentTarget.value, e.currentTarget.selectionStart));
          }}
          onBlur={() => setQuery(null)}
        />
      </Combobox.Target>
      <Combobox.Dropdown hidden={options.length === 0}>
        <Combobox.Options data-testid="mention-options">
          {options.map((p) => (
            <Combobox.Option value={p.id} key={p.id} data-testid="mention-option">
              {p.name}
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  );
}

/** ThreadItem is one thread: its quote, comments, reactions, reply box and resolve button. */
function ThreadItem(props: { doc: Doc; thread: Thread; viewerID: string; c: CT; run: (p: Promise<ApiResult<unknown>>) => Promise<boolean>; people: Mentionable[]; active: boolean; textDeleted: boolean }) {
  const { doc, thread, viewerID, c, run, people, active, textDeleted } = props;
  const { lang } = useDocsI18n();
  const item = useRef<HTMLLIElement>(null);
  // The thread opened from its highlight takes the focus (the drawer's focus trap also starts on it: data-autofocus).
  useEffect(() => {
    if (!active) return;
    item.current?.focus();
    item.current?.scrollIntoView?.({ block: "nearest" });
  }, [active]);
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<Mentionable[]>([]);
  const [busy, setBusy] = useState(false);
  const canComment = doc.abilities.comment && viewerID !== "";
  const first = thread.comments[0];
  const firstName = first?.author?.name ?? c("someone");

  const send = async (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    setBusy(true);
    if (await run(reply(doc.id, thread.id, text.trim(), mentionedIDs(text, chosen)))) {
      setText("");
      setChosen([]);
    }
    setBusy(false);
  };

  return (
    <li
      ref={item}
      tabIndex={active ? -1 : undefined}
      data-autofocus={active ? true : undefined}
      aria-current={active ? "true" : undefined}
      className="ens-comment-thread"
      data-active={active ? "true" : "false"}
      data-thread-id={thread.id}
      data-testid="comment-thread"
      data-resolved={thread.resolved ? "true" : "false"}
      style={{ borderBottom: "1px solid var(--mantine-color-default-border)", padding: "0.6rem 0" }}
    >
      <Stack gap={6}>
        {thread.quote && (
          <blockquote style={quoteStyle} data-testid="comment-quote">
            {thread.quote}
          </blockquote>
        )}
        {textDeleted && !thread.resolved && (
          <Text size="xs" c="dimmed" fs="italic" data-testid="comment-text-deleted">
            {c("textDeleted")}
          </Text>
        )}
        {thread.resolved && (
          <Badge variant="light" color="green" size="sm">
            {thread.resolved_by ? c("resolvedBy", { name: thread.resolved_by.name }) : c("resolved")}
          </Badge>
        )}
        {thread.comments.map((cm) => (
          <CommentItem key={cm.id} doc={doc} comment={cm} viewerID={viewerID} c={c} run={run} lang={lang} />
        ))}
        {canComment && (
          <form onSubmit={(e) => void send(e)}>
            <Group align="flex-end" gap="xs" wrap="nowrap">
              <MentionTextarea
                people={people}
                onMention={(p) => setChosen((l) => [...l, p])}
                style={{ flex: 1 }}
                size="xs"
                label={c("replyLabel", { name: firstName })}
                value={text}
                onText={setText}
                autosize
                minRows={1}
                maxLength={10000}
                data-testid="comment-reply-text"
              />
              <Button type="submit" size="xs" loading={busy} disabled={!text.trim()} data-testid="comment-reply">
                {c("replySend")}
              </Button>
              <Button size="xs" variant="subtle" onClick={() => void run(setResolved(doc.id, thread.id, !thread.resolved))} data-testid="comment-resolve">
                {thread.resolved ? c("reopen") : c("resolve")}
              </Button>
            </Group>
          </form>
        )}
      </Stack>
    </li>
  );
}

/** CommentItem is one comment with its reactions. */
function CommentItem({ doc, comment, viewerID, c, run, lang }: { doc: Doc; comment: Comment; viewerID: string; c: CT; run: (p: Promise<ApiResult<unknown>>) => Promise<boolean>; lang: Language }) {
  const name = comment.author?.name ?? c("someone");
  if (comment.deleted) {
    return (
      <Text size="sm" c="dimmed" fs="italic" data-testid="comment-deleted">
        {c("deleted")}
      </Text>
    );
  }
  const canComment = doc.abilities.comment && viewerID !== "";
  const mayDelete = viewerID !== "" && ((comment.author?.id === viewerID && doc.abilities.comment) || doc.abilities.share);
  const mine = (emoji: string) => comment.reactions.some((r) => r.emoji === emoji && r.user_ids.includes(viewerID));
  const offered = [...comment.reactions.map((r) => r.emoji), ...quickReactions.filter((e) => !comment.reactions.some((r) => r.emoji === e))];
  return (
    <div data-testid="comment">
      <Text size="xs" c="dimmed">
        <strong>{name}</strong> · {formatDateTime(comment.created_at, lang)} {comment.edited_at ? c("edited") : ""}
      </Text>
      <Text size="sm" style={{ whiteSpace: "pre-wrap" }} data-testid="comment-body">
        {bodyText(comment.body)}
      </Text>
      <Group gap={4} mt={2}>
        {offered.map((emoji) => {
          const count = comment.reactions.find((r) => r.emoji === emoji)?.user_ids.length ?? 0;
          if (!canComment && count === 0) return null;
          return (
            <Button
              key={emoji}
              size="compact-xs"
              variant={mine(emoji) ? "light" : "subtle"}
              disabled={!canComment}
              aria-pressed={mine(emoji)}
              aria-label={count > 0 ? c("reacted", { emoji, count }) : c("reactWith", { emoji })}
              onClick={() => void run(react(doc.id, comment, emoji, !mine(emoji)))}
              data-testid="comment-reaction"
            >
              {emoji}
              {count > 0 ? ` ${count}` : ""}
            </Button>
          );
        })}
        {mayDelete && (
          <Button size="compact-xs" variant="subtle" aria-label={c("removeOf", { name })} onClick={() => void run(deleteComment(doc.id, comment))} data-testid="comment-delete">
            {c("remove")}
          </Button>
        )}
      </Group>
    </div>
  );
}
