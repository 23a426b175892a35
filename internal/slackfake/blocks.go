package slackfake

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// Block Kit and message limits the fake enforces, as Slack documents them.
const (
	MaxBlocks          = 50
	MaxTextObject      = 3000 // any text object, section text
	MaxSectionField    = 2000
	MaxSectionFields   = 10
	MaxHeaderText      = 150
	MaxContextElements = 10
	MaxActionElements  = 25
	MaxButtonText      = 75
	MaxButtonValue     = 2000
	MaxButtonURL       = 3000
	MaxActionID        = 255
	MaxBlockID         = 255
	MaxMessageText     = 40000 // chat.postMessage truncates beyond this; we reject
	MaxUpdateText      = 4000  // chat.update answers msg_too_long beyond this
)

// blockError is a rejected message: the Slack error code and what was wrong.
type blockError struct {
	code   string
	detail string
}

func (e *blockError) Error() string { return e.code + ": " + e.detail }

func invalid(format string, args ...any) *blockError {
	return &blockError{code: "invalid_blocks", detail: fmt.Sprintf(format, args...)}
}

// ValidateBlocks checks a message's blocks JSON against Block Kit's limits
// as the fake enforces them, and returns what Slack would reject, or nil.
func ValidateBlocks(blocksJSON []byte) error {
	if _, err := parseBlocks(string(blocksJSON)); err != nil {
		return err
	}
	return nil
}

// parseBlocks decodes and validates a blocks JSON array. An empty string is
// no blocks.
func parseBlocks(raw string) ([]map[string]any, *blockError) {
	if raw == "" || raw == "null" {
		return nil, nil
	}
	var blocks []map[string]any
	if err := json.Unmarshal([]byte(raw), &blocks); err != nil {
		return nil, &blockError{code: "invalid_blocks_format", detail: err.Error()}
	}
	if err := validateBlocks(blocks); err != nil {
		return nil, err
	}
	return blocks, nil
}

func validateBlocks(blocks []map[string]any) *blockError {
	if len(blocks) > MaxBlocks {
		return invalid("%d blocks; a message may have at most %d", len(blocks), MaxBlocks)
	}
	ids := map[string]bool{}
	for i, b := range blocks {
		typ, _ := b["type"].(string)
		where := fmt.Sprintf("block %d (%s)", i, typ)
		if id, ok := b["block_id"].(string); ok && id != "" {
			if utf8.RuneCountInString(id) > MaxBlockID {
				return invalid("%s: block_id longer than %d", where, MaxBlockID)
			}
			if ids[id] {
				return invalid("%s: duplicate block_id %q", where, id)
			}
			ids[id] = true
		}
		var err *blockError
		switch typ {
		case "":
			err = invalid("block %d has no type", i)
		case "section":
			err = validateSection(where, b)
		case "header":
			err = validateText(where+" text", b["text"], MaxHeaderText, true)
		case "context":
			els, _ := b["elements"].([]any)
			if len(els) == 0 || len(els) > MaxContextElements {
				err = invalid("%s: %d elements; want 1 to %d", where, len(els), MaxContextElements)
				break
			}
			for j, e := range els {
				em, _ := e.(map[string]any)
				if em["type"] == "image" {
					continue
				}
				if err = validateText(fmt.Sprintf("%s element %d", where, j), e, MaxTextObject, false); err != nil {
					break
				}
			}
		case "actions":
			err = validateActions(where, b)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func validateSection(where string, b map[string]any) *blockError {
	_, hasText := b["text"]
	fields, _ := b["fields"].([]any)
	if !hasText && len(fields) == 0 {
		return invalid("%s: needs text or fields", where)
	}
	if hasText {
		if err := validateText(where+" text", b["text"], MaxTextObject, false); err != nil {
			return err
		}
	}
	if len(fields) > MaxSectionFields {
		return invalid("%s: %d fields; at most %d", where, len(fields), MaxSectionFields)
	}
	for j, f := range fields {
		if err := validateText(fmt.Sprintf("%s field %d", where, j), f, MaxSectionField, false); err != nil {
			return err
		}
	}
	return nil
}

func validateActions(where string, b map[string]any) *blockError {
	els, _ := b["elements"].([]any)
	if len(els) == 0 || len(els) > MaxActionElements {
		return invalid("%s: %d elements; want 1 to %d", where, len(els), MaxActionElements)
	}
	for j, e := range els {
		em, _ := e.(map[string]any)
		w := fmt.Sprintf("%s element %d", where, j)
		if em["type"] != "button" {
			continue
		}
		if err := validateText(w+" text", em["text"], MaxButtonText, true); err != nil {
			return err
		}
		for _, lim := range []struct {
			key string
			max int
		}{{"value", MaxButtonValue}, {"action_id", MaxActionID}, {"url", MaxButtonURL}} {
			if v, ok := em[lim.key].(string); ok && utf8.RuneCountInString(v) > lim.max {
				return invalid("%s: %s has %d characters; at most %d", w, lim.key, utf8.RuneCountInString(v), lim.max)
			}
		}
	}
	return nil
}

// validateText checks a text object: a known type, 1 to max characters, and
// plain_text when plainOnly.
func validateText(where string, v any, max int, plainOnly bool) *blockError {
	obj, ok := v.(map[string]any)
	if !ok {
		return invalid("%s: not a text object", where)
	}
	typ, _ := obj["type"].(string)
	if typ != "plain_text" && typ != "mrkdwn" {
		return invalid("%s: type %q; want plain_text or mrkdwn", where, typ)
	}
	if plainOnly && typ != "plain_text" {
		return invalid("%s: must be plain_text", where)
	}
	if _, hasEmoji := obj["emoji"]; hasEmoji && typ == "mrkdwn" {
		return invalid("%s: emoji is only allowed on plain_text", where)
	}
	text, _ := obj["text"].(string)
	n := utf8.RuneCountInString(text)
	if n == 0 {
		return invalid("%s: empty text", where)
	}
	if n > max {
		return invalid("%s: %d characters; at most %d", where, n, max)
	}
	return nil
}
