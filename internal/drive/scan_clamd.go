// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: The Ensemble authors

package drive

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"time"
)

// clamdChunk is the size of the chunks streamed to clamd; clamd's
// StreamMaxLength bounds the whole stream, not a chunk.
const clamdChunk = 64 << 10

// errClamd means clamd could not give a verdict (unreachable, an error
// reply such as a stream over its size limit): the scan is tried again.
var errClamd = errors.New("drive: clamd gave no verdict")

// clamdScan streams r to the clamd at addr (host:port, or the path of a
// unix socket) with the INSTREAM command, and returns the signature name
// found, or "" when the content is clean.
func clamdScan(ctx context.Context, addr string, r io.Reader) (string, error) {
	network := "tcp"
	if strings.HasPrefix(addr, "/") || strings.HasPrefix(addr, "unix:") {
		network, addr = "unix", strings.TrimPrefix(addr, "unix:")
	}
	var d net.Dialer
	conn, err := d.DialContext(ctx, network, addr)
	if err != nil {
		return "", fmt.Errorf("%w: %v", errClamd, err)
	}
	defer conn.Close()
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Now()) })
	defer stop()
	if _, err := io.WriteString(conn, "zINSTREAM\x00"); err != nil {
		return "", fmt.Errorf("%w: %v", errClamd, err)
	}
	buf := make([]byte, 4+clamdChunk)
	for {
		n, rerr := io.ReadFull(r, buf[4:])
		if n > 0 {
			binary.BigEndian.PutUint32(buf, uint32(n))
			if _, err := conn.Write(buf[:4+n]); err != nil {
				// clamd closes the stream when it is over its limit; its
				// reply says why.
				break
			}
		}
		if rerr == io.EOF || rerr == io.ErrUnexpectedEOF {
			break
		}
		if rerr != nil {
			return "", fmt.Errorf("drive: read content to scan: %w", rerr)
		}
	}
	conn.Write([]byte{0, 0, 0, 0})
	reply, err := bufio.NewReader(io.LimitReader(conn, 4096)).ReadString(0)
	if err != nil && reply == "" {
		return "", fmt.Errorf("%w: %v", errClamd, err)
	}
	return parseClamd(reply)
}

// parseClamd reads clamd's reply: "stream: OK", "stream: NAME FOUND", or
// an error ("INSTREAM size limit exceeded. ERROR").
func parseClamd(reply string) (string, error) {
	reply = strings.TrimSpace(strings.TrimRight(reply, "\x00"))
	rest, ok := strings.CutPrefix(reply, "stream: ")
	switch {
	case ok && rest == "OK":
		return "", nil
	case ok && strings.HasSuffix(rest, " FOUND"):
		return strings.TrimSuffix(rest, " FOUND"), nil
	}
	return "", fmt.Errorf("%w: %q", errClamd, reply)
}
