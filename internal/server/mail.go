// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package server

import (
	"context"
	"net/url"
	"time"

	"github.com/ensemble-suite/ensemble/internal/doccomments"
	"github.com/ensemble-suite/ensemble/internal/docs"
	"github.com/ensemble-suite/ensemble/internal/identity"
	"github.com/ensemble-suite/ensemble/internal/mail"
	"github.com/ensemble-suite/ensemble/internal/teams"
)

// openMail builds the outbox when --smtp is set and wires the domains'
// hooks to it: mentions, document and guest invitations, access requests
// and reset links. Without --smtp nothing is queued and nothing is wired.
func (s *Server) openMail() {
	if s.cfg.SMTP == "" {
		return
	}
	relay, _ := mail.ParseRelay(s.cfg.SMTP) // Validate has checked both
	from, _ := mail.ParseFrom(s.cfg.MailFrom)
	smtp := mail.NewSMTP(relay, mail.SMTPOptions{LocalName: s.base.Hostname()})
	s.mail = mail.NewOutbox(s.db, smtp, *from, s.log, mail.OutboxOptions{})
	s.registry.MustRegister(s.mail.Collectors()...)
	s.comments.SetOnMention(s.mailMention)
	s.docs.SetOnInvite(s.mailDocInvitation)
	s.docs.SetOnAccessRequest(s.mailAccessRequest)
	s.teams.SetOnInvite(s.mailTeamInvitation)
	s.identity.SetOnResetLink(s.mailResetLink)
	s.log.Info("mail: on", "relay", relay.String(), "from", from.Address)
}

// link is an absolute link to path on the server's public URL.
func (s *Server) link(path string) string {
	u := *s.base
	u.Path = path
	return u.String()
}

func (s *Server) docLink(docID string) string { return s.link("/docs/" + url.PathEscape(docID)) }

// queue enqueues m, logging a failure; it reports success.
func (s *Server) queue(ctx context.Context, what string, m mail.Message) bool {
	if err := s.mail.Enqueue(context.WithoutCancel(ctx), m); err != nil {
		s.log.Error("mail: queue "+what, "err", err)
		return false
	}
	return true
}

// notifiable returns userID's account if they want notifications by mail.
func (s *Server) notifiable(ctx context.Context, userID string) (identity.User, bool) {
	u, err := s.identity.UserByID(ctx, userID)
	if err != nil {
		s.log.Warn("mail: recipient", "user", userID, "err", err)
		return identity.User{}, false
	}
	return u, !u.Disabled && u.EmailNotifications
}

// nameOf is the display name of userID, or "" if unknown.
func (s *Server) nameOf(ctx context.Context, userID string) string {
	u, err := s.identity.UserByID(ctx, userID)
	if err != nil {
		return ""
	}
	return u.Name
}

func (s *Server) titleOf(ctx context.Context, docID string) string {
	d, err := s.docs.Record(ctx, docID)
	if err != nil {
		return ""
	}
	return d.Title
}

func recipient(u identity.User) mail.Recipient {
	return mail.Recipient{Email: u.Email, Name: u.Name, Locale: u.Locale}
}

func (s *Server) mailMention(ctx context.Context, m doccomments.Mention) {
	actor, title := s.nameOf(ctx, m.ActorID), s.titleOf(ctx, m.DocID)
	for _, id := range m.UserIDs {
		if u, ok := s.notifiable(ctx, id); ok {
			s.queue(ctx, "a mention", mail.Mention(recipient(u), actor, title, m.Excerpt, s.docLink(m.DocID), s.link("/account")))
		}
	}
}

func (s *Server) mailAccessRequest(ctx context.Context, r docs.AccessRequested) {
	admins, err := s.docs.Administrators(ctx, r.DocID)
	if err != nil {
		s.log.Warn("mail: administrators of a document", "doc", r.DocID, "err", err)
		return
	}
	title := s.titleOf(ctx, r.DocID)
	for _, id := range admins {
		if id == r.Actor.ID {
			continue
		}
		if u, ok := s.notifiable(ctx, id); ok {
			s.queue(ctx, "an access request", mail.AccessRequest(recipient(u), r.Actor.Name, title, string(r.Role), s.docLink(r.DocID), s.link("/account")))
		}
	}
}

// Invitations go to an address without an account: it has no language of
// its own, so the inviter's is the best guess.
func (s *Server) mailDocInvitation(ctx context.Context, in docs.Invited) bool {
	to := mail.Recipient{Email: in.Email, Locale: in.Actor.Locale}
	return s.queue(ctx, "a document invitation", mail.DocInvitation(to, in.Actor.Name, s.titleOf(ctx, in.DocID), string(in.Role), in.URL, in.ExpiresAt))
}

func (s *Server) mailTeamInvitation(ctx context.Context, actor identity.User, inv teams.Invitation, link string) bool {
	to := mail.Recipient{Email: inv.Email, Locale: actor.Locale}
	return s.queue(ctx, "an invitation", mail.TeamInvitation(to, actor.Name, inv.TeamName, link, inv.ExpiresAt))
}

// A reset link goes to the account's address whatever its notification
// setting: it is not a notification, and the administrator sees it too.
func (s *Server) mailResetLink(ctx context.Context, u identity.User, link string, expires time.Time) bool {
	if u.Disabled {
		return false
	}
	return s.queue(ctx, "a reset link", mail.PasswordReset(recipient(u), link, expires))
}
