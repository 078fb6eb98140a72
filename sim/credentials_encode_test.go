package sim

import (
	"bytes"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"strings"
	"testing"
)

// TestEncodersMatchStdlib checks the table-driven encoders byte for byte
// against encoding/base64 and encoding/base32 on every length the
// credentials use and on edge patterns.
func TestEncodersMatchStdlib(t *testing.T) {
	src := newIDSource("encoders")
	inputs := [][]byte{
		bytes.Repeat([]byte{0x00}, 120),
		bytes.Repeat([]byte{0xFF}, 120),
		bytes.Repeat([]byte{0xA5, 0x5A, 0x0F}, 40),
	}
	for n := 0; n < 200; n++ {
		b := make([]byte, 120)
		for i := 0; i < len(b); i += 8 {
			binary.LittleEndian.PutUint64(b[i:], src.next())
		}
		inputs = append(inputs, b)
	}
	for _, in := range inputs {
		for _, n := range []int{0, 6, 30, 72, 120} {
			got := make([]byte, n/3*4)
			encodeBase64(got, in[:n])
			if want := base64.StdEncoding.EncodeToString(in[:n]); string(got) != want {
				t.Fatalf("base64 of %x: %q, want %q", in[:n], got, want)
			}
		}
		for _, n := range []int{0, 5, 10, 120} {
			got := make([]byte, n/5*8)
			encodeBase32(got, in[:n])
			if want := base32.StdEncoding.EncodeToString(in[:n]); string(got) != want {
				t.Fatalf("base32 of %x: %q, want %q", in[:n], got, want)
			}
		}
	}
}

// stdlibCredentials is writeCredentials as it was written with
// encoding/base32 and encoding/base64: the reference the table-driven
// encoders must reproduce.
func stdlibCredentials(keys *idSource) string {
	var raw [rawCredBytes]byte
	for i := 0; i < rawCredBytes; i += 8 {
		binary.LittleEndian.PutUint64(raw[i:], keys.next())
	}
	return "ASIA" + base32.StdEncoding.EncodeToString(raw[:rawKeyBytes]) +
		base64.StdEncoding.EncodeToString(raw[rawKeyBytes:rawKeyBytes+rawSecret]) +
		tokenPrefix + base64.StdEncoding.EncodeToString(raw[rawKeyBytes+rawSecret:])
}

// TestWriteCredentialsMatchesStdlib checks a thousand issued credentials
// against the encoding/base64 reference, and their shapes.
func TestWriteCredentialsMatchesStdlib(t *testing.T) {
	s := &Sim{keys: newIDSource("seed/sessions")}
	ref := newIDSource("seed/sessions")
	for i := 0; i < 1000; i++ {
		var b strings.Builder
		s.writeCredentials(&b)
		want := stdlibCredentials(&ref)
		if b.String() != want {
			t.Fatalf("credentials %d: %q, want %q", i, b.String(), want)
		}
		key, secret, token := splitCredentials(b.String())
		if len(key) != 20 || !strings.HasPrefix(key, "ASIA") || len(secret) != 40 || len(token) != credTokenLen || !strings.HasPrefix(token, tokenPrefix) {
			t.Fatalf("credentials %d: shapes %q %q %q", i, key, secret, token)
		}
	}
}

// BenchmarkDrawCredentials measures drawing and encoding one session's
// access key id, secret and token, with the table-driven encoders and with
// encoding/base32 and encoding/base64 for comparison.
func BenchmarkDrawCredentials(b *testing.B) {
	b.Run("tables", func(b *testing.B) {
		s := &Sim{keys: newIDSource("bench/sessions")}
		var buf [credLen]byte
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			s.drawCredentials(&buf)
		}
	})
	b.Run("stdlib", func(b *testing.B) {
		keys := newIDSource("bench/sessions")
		var buf [credLen]byte
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			var raw [rawCredBytes]byte
			for i := 0; i < rawCredBytes; i += 8 {
				binary.LittleEndian.PutUint64(raw[i:], keys.next())
			}
			copy(buf[:], "ASIA")
			base32.StdEncoding.Encode(buf[4:credKeyLen], raw[:rawKeyBytes])
			base64.StdEncoding.Encode(buf[credKeyLen:credKeyLen+credSecretLen], raw[rawKeyBytes:rawKeyBytes+rawSecret])
			copy(buf[credKeyLen+credSecretLen:], tokenPrefix)
			base64.StdEncoding.Encode(buf[credKeyLen+credSecretLen+len(tokenPrefix):], raw[rawKeyBytes+rawSecret:])
		}
	})
}
