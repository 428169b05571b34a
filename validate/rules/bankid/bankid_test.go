package bankid

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// checkCase is one row of a table test: an input and the Reason it must
// fail with, or "" when it must pass.
type checkCase struct {
	name   string
	in     string
	reason string
}

var allKinds = []string{KindABA, KindBIC, KindIBAN}

var allReasons = []string{
	ReasonLength, ReasonCharacters, ReasonStructure, ReasonCountry,
	ReasonCheckDigits, ReasonChecksum, ReasonAllZeros, ReasonPrefix,
}

// possibleMessages is every message an *Error can produce. An input that
// happens to be a piece of one of these fixed texts is not a leak, so the
// "message never contains the input" checks allow for it.
var possibleMessages = func() []string {
	var out []string
	for _, k := range allKinds {
		for _, r := range allReasons {
			out = append(out, (&Error{Kind: k, Reason: r}).Error())
		}
	}
	return out
}()

func isPieceOfFixedMessage(s string) bool {
	for _, m := range possibleMessages {
		if strings.Contains(m, s) {
			return true
		}
	}
	return false
}

// assertFailure checks everything a failing result must satisfy: the right
// type, kind and reason, the sentinel, and a message free of the input.
func assertFailure(t testing.TB, err error, kind, reason, in string) {
	t.Helper()
	require.Error(t, err)
	var be *Error
	require.True(t, errors.As(err, &be), "error must be a *bankid.Error")
	assert.Equal(t, kind, be.Kind)
	assert.Equal(t, reason, be.Reason)
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorIs(t, err, &Error{Kind: kind, Reason: reason})
	msg := err.Error()
	assert.Equal(t, "bankid: invalid "+kind+": "+reason, msg)
	if in != "" && !isPieceOfFixedMessage(in) {
		assert.NotContains(t, msg, in, "message must not echo the input")
	}
}

// abaSumOK recomputes the ABA checksum independently of the package code.
func abaSumOK(s string) bool {
	w := []int{3, 7, 1, 3, 7, 1, 3, 7, 1}
	sum := 0
	for i := range s {
		sum += w[i] * int(s[i]-'0')
	}
	return sum%10 == 0
}

// ibanBigMod97 is a reference mod-97 using math/big, to cross-check the
// incremental computation. s must be upper-case alphanumeric, len >= 4.
func ibanBigMod97(s string) int64 {
	r := s[4:] + s[:4]
	var digits strings.Builder
	for i := 0; i < len(r); i++ {
		c := r[i]
		if c >= '0' && c <= '9' {
			digits.WriteByte(c)
		} else {
			fmt.Fprintf(&digits, "%d", int(c-'A')+10)
		}
	}
	n, ok := new(big.Int).SetString(digits.String(), 10)
	if !ok {
		return -1
	}
	return new(big.Int).Mod(n, big.NewInt(97)).Int64()
}

func TestCheckABA(t *testing.T) {
	cases := []checkCase{
		{"JPMorgan Chase NY", "021000021", ""},
		{"Bank of America MA", "011000015", ""},
		{"Wells Fargo CA", "121000248", ""},
		{"Bank of America NY", "026009593", ""},
		{"JPMorgan Chase TX", "111000025", ""},
		{"prefix 80", "800000006", ""},
		{"prefix 00", "000000013", ""},
		{"prefix 72", "720000005", ""},
		{"bad checksum", "021000022", ReasonChecksum},
		{"all zeros", "000000000", ReasonAllZeros},
		{"prefix 13 valid checksum", "130000006", ReasonPrefix},
		{"prefix 20 valid checksum", "200000004", ReasonPrefix},
		{"prefix 73 valid checksum", "730000008", ReasonPrefix},
		{"prefix 99 valid checksum", "990000000", ReasonPrefix},
		{"empty", "", ReasonLength},
		{"8 digits", "02100002", ReasonLength},
		{"10 digits", "0210000210", ReasonLength},
		{"dash", "021-00002", ReasonCharacters},
		{"letter", "02100002A", ReasonCharacters},
		{"space", " 02100002", ReasonCharacters},
		{"Arabic-Indic digit, 9 bytes", "0210000\u0662", ReasonCharacters},
		{"non-ASCII same byte length", "021000\u00e9\u00e9"[:9], ReasonCharacters},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckABA(tc.in)
			if tc.reason == "" {
				assert.NoError(t, err)
				assert.True(t, abaSumOK(tc.in), "vector must satisfy the reference checksum")
				return
			}
			assertFailure(t, err, KindABA, tc.reason, tc.in)
		})
	}
}

func TestCheckABAPrefixVectorsHaveValidChecksums(t *testing.T) {
	// The prefix cases above must fail on the prefix alone.
	for _, s := range []string{"130000006", "200000004", "730000008", "990000000"} {
		require.Len(t, s, 9)
		assert.True(t, abaSumOK(s), s)
	}
}

func TestABAPrefixRanges(t *testing.T) {
	for p := 0; p <= 99; p++ {
		want := (p <= 12) || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80
		first8 := fmt.Sprintf("%02d000001", p)
		d, err := ABACheckDigit(first8)
		require.NoError(t, err)
		err = CheckABA(first8 + string(d))
		if want {
			assert.NoError(t, err, "prefix %02d", p)
		} else {
			assertFailure(t, err, KindABA, ReasonPrefix, first8+string(d))
		}
	}
}

func TestABACheckDigit(t *testing.T) {
	cases := []struct {
		name   string
		in     string
		want   byte
		reason string
	}{
		{"chase", "02100002", '1', ""},
		{"boa", "01100001", '5', ""},
		{"wells", "12100024", '8', ""},
		{"boa ny", "02600959", '3', ""},
		{"chase tx", "11100002", '5', ""},
		{"zero result", "99000000", '0', ""},
		{"all zeros", "00000000", '0', ""},
		{"prefix not checked", "13000000", '6', ""},
		{"empty", "", 0, ReasonLength},
		{"9 digits", "021000021", 0, ReasonLength},
		{"7 digits", "0210000", 0, ReasonLength},
		{"letter", "0210000X", 0, ReasonCharacters},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, err := ABACheckDigit(tc.in)
			if tc.reason != "" {
				assert.Zero(t, d)
				assertFailure(t, err, KindABA, tc.reason, tc.in)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, string(tc.want), string(d))
			assert.True(t, abaSumOK(tc.in+string(d)))
		})
	}
}

func TestCheckBIC(t *testing.T) {
	cases := []checkCase{
		{"chase", "CHASUS33", ""},
		{"bofa with branch", "BOFAUS3NXXX", ""},
		{"deutsche", "DEUTDEFF", ""},
		{"deutsche branch", "DEUTDEFF500", ""},
		{"mufg", "MUFGJPJT", ""},
		{"nedbank", "NEDSZAJJXXX", ""},
		{"digits in prefix", "1234DEFF", ""},
		{"kosovo XK", "RBKOXKPR", ""},
		{"gb", "NWBKGB2L", ""},
		{"test location", "DEUTDEF0", ""},
		{"lowercase", "chasus33", ReasonCharacters},
		{"mixed case", "ChasUS33", ReasonCharacters},
		{"space", "CHAS US33", ReasonLength},
		{"space in 8", "CHAS US3", ReasonCharacters},
		{"punct", "CHASUS3-", ReasonCharacters},
		{"non-ASCII", "CHAS\u00dcS3", ReasonCharacters},
		{"9 chars", "CHASUS33X", ReasonLength},
		{"10 chars", "CHASUS33XX", ReasonLength},
		{"12 chars", "CHASUS33XXXX", ReasonLength},
		{"7 chars", "CHASUS3", ReasonLength},
		{"empty", "", ReasonLength},
		{"digit in country", "CHAS1S33", ReasonStructure},
		{"digits country", "CHAS12XX", ReasonStructure},
		{"UK country", "BARCUK22", ReasonCountry},
		{"ZZ country", "CHASZZ33", ReasonCountry},
		{"AA user assigned", "CHASAA33", ReasonCountry},
		{"QM user assigned", "CHASQM33", ReasonCountry},
		{"XA user assigned", "CHASXA33", ReasonCountry},
		{"EU reserved", "CHASEU33", ReasonCountry},
		{"AN withdrawn", "CHASAN33", ReasonCountry},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckBIC(tc.in)
			if tc.reason == "" {
				assert.NoError(t, err)
				assert.Equal(t, tc.in[4:6], BICCountry(tc.in))
				return
			}
			assertFailure(t, err, KindBIC, tc.reason, tc.in)
			assert.Empty(t, BICCountry(tc.in))
		})
	}
}

func TestBICCountry(t *testing.T) {
	assert.Equal(t, "US", BICCountry("CHASUS33"))
	assert.Equal(t, "ZA", BICCountry("NEDSZAJJXXX"))
	assert.Equal(t, "XK", BICCountry("RBKOXKPR"))
	assert.Equal(t, "", BICCountry("BARCUK22"))
	assert.Equal(t, "", BICCountry("chasus33"))
	assert.Equal(t, "", BICCountry(""))
}

func TestCheckIBAN(t *testing.T) {
	cases := []checkCase{
		{"GB", "GB82WEST12345698765432", ""},
		{"DE", "DE89370400440532013000", ""},
		{"FR letter in BBAN", "FR1420041010050500013M02606", ""},
		{"NO shortest", "NO9386011117947", ""},
		{"MT", "MT84MALT011000012345MTLCAST001S", ""},
		{"XK", "XK051212012345678906", ""},
		{"check digits 02", "GB02WEST12345610000038", ""},
		{"check digits 97", "GB97WEST12345610000074", ""},
		{"check digits 98", "GB98WEST12345610000056", ""},
		{"wrong check digits", "GB83WEST12345698765432", ReasonChecksum},
		{"transposed BBAN", "GB82WEST12345698765423", ReasonChecksum},
		{"DE wrong check digits", "DE88370400440532013000", ReasonChecksum},
		{"too short for GB", "GB82WEST1234569876543", ReasonLength},
		{"too long for GB", "GB82WEST123456987654321", ReasonLength},
		{"too long for NO", "NO93860111179470", ReasonLength},
		{"empty", "", ReasonLength},
		{"three chars", "GB8", ReasonLength},
		{"unknown country US", "US82WEST12345698765432", ReasonCountry},
		{"unknown country ZZ", "ZZ82WEST12345698765432", ReasonCountry},
		{"UK is not GB", "UK82WEST12345698765432", ReasonCountry},
		// 00, 01 and 99 are congruent to 97, 98 and 02 modulo 97, so these
		// three pass the mod-97 test and only the range rule stops them.
		{"check digits 00", "GB00WEST12345610000074", ReasonCheckDigits},
		{"check digits 01", "GB01WEST12345610000056", ReasonCheckDigits},
		{"check digits 99", "GB99WEST12345610000038", ReasonCheckDigits},
		{"lowercase", "gb82west12345698765432", ReasonCharacters},
		{"lowercase BBAN", "GB82west12345698765432", ReasonCharacters},
		{"spaces print form", "GB82 WEST 1234 5698 7654 32", ReasonCharacters},
		{"trailing space", "GB82WEST12345698765432 ", ReasonCharacters},
		{"dash", "GB82-WEST-1234-5698-7654-32", ReasonCharacters},
		{"non-ASCII", "GB82WEST1234569876543\u00c9", ReasonCharacters},
		{"digit in country", "G182WEST12345698765432", ReasonStructure},
		{"letter in check digits", "GBX2WEST12345698765432", ReasonStructure},
		{"all digits", "1234567890123456789012", ReasonStructure},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckIBAN(tc.in)
			if tc.reason == "" {
				assert.NoError(t, err)
				assert.Equal(t, tc.in[:2], IBANCountry(tc.in))
				assert.True(t, LooksLikeIBAN(tc.in))
				assert.Equal(t, int64(1), ibanBigMod97(tc.in))
				return
			}
			assertFailure(t, err, KindIBAN, tc.reason, tc.in)
			assert.Empty(t, IBANCountry(tc.in))
		})
	}
}

func TestCheckIBANCheckDigitCases(t *testing.T) {
	// Preconditions of the 00/01/99 rows: the mod-97 test alone would
	// accept them.
	for _, s := range []string{"GB00WEST12345610000074", "GB01WEST12345610000056", "GB99WEST12345610000038"} {
		require.Equal(t, int64(1), ibanBigMod97(s), s)
		require.Equal(t, 1, ibanMod97(s), s)
	}
}

func TestIBANCountry(t *testing.T) {
	assert.Equal(t, "GB", IBANCountry("GB82WEST12345698765432"))
	assert.Equal(t, "XK", IBANCountry("XK051212012345678906"))
	assert.Equal(t, "", IBANCountry("GB83WEST12345698765432"))
	assert.Equal(t, "", IBANCountry("gb82west12345698765432"))
	assert.Equal(t, "", IBANCountry(""))
}

func TestUsesIBAN(t *testing.T) {
	for _, cc := range []string{"GB", "DE", "AE", "BR", "XK"} {
		assert.True(t, UsesIBAN(cc), cc)
	}
	for _, cc := range []string{"US", "SG", "IN", "AU", "gb", "", "GBR"} {
		assert.False(t, UsesIBAN(cc), cc)
	}
}

func TestLooksLikeIBAN(t *testing.T) {
	cases := []struct {
		in   string
		want bool
	}{
		{"GB82WEST12345698765432", true},
		{"GB83WEST12345698765432", true}, // bad checksum still claims to be one
		{"NO9386011117947", true},        // 15
		{"MT84MALT011000012345MTLCAST001S", true},
		{"ZZ00ABCDEFGHIJK", true},                 // shape only, no table lookup
		{"gb82west12345698765432", true},          // lower case still claims
		{"AB12" + strings.Repeat("9", 30), true},  // 34
		{"AB12" + strings.Repeat("9", 31), false}, // 35
		{"NO938601111794", false},                 // 14
		{"GB82 WEST 1234 5698 7654 32", false},    // spaces
		{"GB82-WEST-1234-5698-7654-32", false},    // dashes
		{"123456789012345", false},                // plain account number
		{"021000021", false},                      // ABA
		{"G182WEST12345698765432", false},         // digit in country
		{"GBX2WEST12345698765432", false},         // letter in check digits
		{"GB82WEST1234569876543\u00c9", false},    // non-ASCII
		{"", false},
	}
	for _, tc := range cases {
		assert.Equal(t, tc.want, LooksLikeIBAN(tc.in), "%q", tc.in)
	}
}

// TestIBANTableSynthetic builds a valid IBAN of the registry length for
// every country in the table and checks that it passes, and that one
// character more or less fails on length.
func TestIBANTableSynthetic(t *testing.T) {
	require.Len(t, ibanLengths, 89)
	for cc, n := range ibanLengths {
		require.GreaterOrEqual(t, n, ibanMinLen, cc)
		require.LessOrEqual(t, n, ibanMaxLen, cc)
		bban := strings.Repeat("7", n-4)
		cd := 98 - ibanBigMod97(cc+"00"+bban)
		s := fmt.Sprintf("%s%02d%s", cc, cd, bban)
		require.Len(t, s, n)
		assert.NoError(t, CheckIBAN(s), cc)
		assert.Equal(t, cc, IBANCountry(s))
		assert.True(t, LooksLikeIBAN(s), cc)
		assertFailure(t, CheckIBAN(s+"7"), KindIBAN, ReasonLength, s+"7")
		assertFailure(t, CheckIBAN(s[:n-1]), KindIBAN, ReasonLength, s[:n-1])
	}
}

func TestCountryTables(t *testing.T) {
	require.Len(t, iso3166Alpha2, 249)
	for cc := range iso3166Alpha2 {
		require.Len(t, cc, 2)
		assert.True(t, isUpper(cc[0]) && isUpper(cc[1]), cc)
	}
	// User-assigned and reserved codes must be absent.
	for _, cc := range []string{"AA", "QM", "QZ", "XA", "XK", "XZ", "ZZ", "UK", "EU", "UN", "AN", "YU"} {
		_, ok := iso3166Alpha2[cc]
		assert.False(t, ok, cc)
	}
	// Every IBAN prefix is an ISO code, apart from XK.
	for cc := range ibanLengths {
		if cc == "XK" {
			continue
		}
		_, ok := iso3166Alpha2[cc]
		assert.True(t, ok, cc)
	}
	// Only XK is let through among the user-assigned codes.
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			cc := string([]byte{a, b})
			userAssigned := cc == "AA" || cc == "ZZ" || (a == 'Q' && b >= 'M') || a == 'X'
			if userAssigned {
				assert.Equal(t, cc == "XK", bicCountryAccepted(cc), cc)
			}
		}
	}
}

func TestErrorBehaviour(t *testing.T) {
	err := CheckIBAN("GB83WEST12345698765432")
	require.Error(t, err)

	wrapped := fmt.Errorf("beneficiary account: %w", err)
	assert.ErrorIs(t, wrapped, ErrInvalid)
	assert.ErrorIs(t, wrapped, &Error{Reason: ReasonChecksum})
	assert.ErrorIs(t, wrapped, &Error{Kind: KindIBAN})
	assert.NotErrorIs(t, wrapped, &Error{Reason: ReasonLength})
	assert.NotErrorIs(t, wrapped, &Error{Kind: KindBIC, Reason: ReasonChecksum})
	assert.NotErrorIs(t, wrapped, errors.New("bankid: invalid bank identifier"))

	var be *Error
	require.ErrorAs(t, wrapped, &be)
	assert.Equal(t, &Error{Kind: KindIBAN, Reason: ReasonChecksum}, be)

	var nilErr *Error
	assert.NotPanics(t, func() { _ = nilErr.Error() })
	assert.False(t, nilErr.Is(&Error{}))
}

// TestMessagesNeverEchoInput runs every function on a set of inputs long
// enough to be recognisable and checks that no message repeats them.
func TestMessagesNeverEchoInput(t *testing.T) {
	inputs := []string{
		"021000022", "000000000", "130000006", "02100002X", "0210000210",
		"chasus33", "CHASUS33X", "BARCUK22", "CHASZZ33", "CHAS1S33",
		"GB83WEST12345698765432", "GB82WEST1234569876543", "US82WEST12345698765432",
		"GB00WEST12345610000074", "gb82west12345698765432", "GB82 WEST 1234 5698 7654 32",
	}
	for _, in := range inputs {
		for _, err := range []error{CheckABA(in), CheckBIC(in), CheckIBAN(in)} {
			require.Error(t, err, in)
			assert.NotContains(t, err.Error(), in)
		}
		if _, err := ABACheckDigit(in); err != nil {
			assert.NotContains(t, err.Error(), in)
		}
	}
}

// TestFixedMessageCoincidence documents why the echo checks allow for
// inputs that are themselves pieces of a fixed message: such an input can
// "appear" in the message without any of it having been copied.
func TestFixedMessageCoincidence(t *testing.T) {
	in := "bankid: invalid ABA: length"
	err := CheckABA(in)
	assertFailure(t, err, KindABA, ReasonLength, in)
	assert.Equal(t, in, err.Error())
	assert.True(t, isPieceOfFixedMessage(in))
}

func TestNoAllocationOnSuccess(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		_ = CheckIBAN("MT84MALT011000012345MTLCAST001S")
		_ = CheckBIC("BOFAUS3NXXX")
		_ = CheckABA("021000021")
	})
	assert.Zero(t, allocs)
}

// ---- fuzz targets ----

func FuzzCheckABA(f *testing.F) {
	for _, s := range []string{
		"021000021", "011000015", "121000248", "026009593", "111000025",
		"021000022", "000000000", "130000006", "800000006", "02100002", "02100002A", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckABA(s)
		if err == nil {
			require.Len(t, s, 9)
			require.True(t, allDigits(s), "digits only")
			require.NotEqual(t, "000000000", s)
			require.True(t, abaSumOK(s), "reference checksum")
			p := int(s[0]-'0')*10 + int(s[1]-'0')
			require.True(t, (p <= 12) || (p >= 21 && p <= 32) || (p >= 61 && p <= 72) || p == 80, "prefix %02d", p)
			d, derr := ABACheckDigit(s[:8])
			require.NoError(t, derr)
			require.Equal(t, s[8], d)
			return
		}
		checkFuzzFailure(t, err, KindABA, s)
	})
}

func FuzzCheckBIC(f *testing.F) {
	for _, s := range []string{
		"CHASUS33", "BOFAUS3NXXX", "DEUTDEFF", "DEUTDEFF500", "MUFGJPJT",
		"NEDSZAJJXXX", "1234DEFF", "RBKOXKPR", "chasus33", "CHASUS33X", "BARCUK22", "CHASZZ33", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckBIC(s)
		cc := BICCountry(s)
		if err == nil {
			require.True(t, len(s) == 8 || len(s) == 11, "length %d", len(s))
			for i := 0; i < len(s); i++ {
				require.True(t, isUpperAlnum(s[i]), "char %d", i)
			}
			require.True(t, isUpper(s[4]) && isUpper(s[5]))
			require.Equal(t, s[4:6], cc)
			require.NotEqual(t, "UK", cc)
			_, iso := iso3166Alpha2[cc]
			require.True(t, iso || cc == "XK", cc)
			return
		}
		require.Empty(t, cc)
		checkFuzzFailure(t, err, KindBIC, s)
	})
}

func FuzzCheckIBAN(f *testing.F) {
	for _, s := range []string{
		"GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606",
		"NO9386011117947", "MT84MALT011000012345MTLCAST001S", "XK051212012345678906",
		"GB83WEST12345698765432", "GB00WEST12345610000074", "gb82west12345698765432",
		"GB82 WEST 1234 5698 7654 32", "US82WEST12345698765432", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := CheckIBAN(s)
		cc := IBANCountry(s)
		looks := LooksLikeIBAN(s)
		if err == nil {
			require.GreaterOrEqual(t, len(s), ibanMinLen)
			require.LessOrEqual(t, len(s), ibanMaxLen)
			for i := 0; i < len(s); i++ {
				require.True(t, isUpperAlnum(s[i]), "char %d", i)
			}
			require.Equal(t, s[:2], cc)
			require.Equal(t, ibanLengths[cc], len(s))
			require.True(t, looks)
			cd := int(s[2]-'0')*10 + int(s[3]-'0')
			require.True(t, cd >= 2 && cd <= 98, "check digits %02d", cd)
			require.Equal(t, int64(1), ibanBigMod97(s))
			return
		}
		require.Empty(t, cc)
		var be *Error
		require.ErrorAs(t, err, &be)
		if be.Reason == ReasonChecksum {
			// The incremental and big-number computations must agree.
			require.NotEqual(t, int64(1), ibanBigMod97(s))
		}
		checkFuzzFailure(t, err, KindIBAN, s)
	})
}

// checkFuzzFailure asserts the invariants of every error result: typed,
// known kind and reason, sentinel match, fixed message, and no echo of an
// input of six or more characters.
func checkFuzzFailure(t *testing.T, err error, kind, in string) {
	t.Helper()
	var be *Error
	require.ErrorAs(t, err, &be)
	require.Equal(t, kind, be.Kind)
	require.Contains(t, allReasons, be.Reason)
	require.ErrorIs(t, err, ErrInvalid)
	msg := err.Error()
	require.Equal(t, "bankid: invalid "+kind+": "+be.Reason, msg)
	if len(in) >= 6 && !isPieceOfFixedMessage(in) {
		require.NotContains(t, msg, in)
	}
}

// ---- benchmark ----

func BenchmarkCheckIBAN(b *testing.B) {
	ibans := []string{
		"GB82WEST12345698765432",
		"FR1420041010050500013M02606",
		"MT84MALT011000012345MTLCAST001S",
		"GB83WEST12345698765432", // checksum failure
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_ = CheckIBAN(ibans[i%len(ibans)])
	}
}
