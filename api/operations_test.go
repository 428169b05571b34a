package api_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
)

func TestOperationIDsPerProvider(t *testing.T) {
	assert.Contains(t, api.OperationIDs(api.ProviderFinzly), api.OpCreateCreditPaymentV4)
	assert.NotContains(t, api.OperationIDs(api.ProviderFinzly), api.OpCreatePayment)
	assert.Contains(t, api.OperationIDs(api.ProviderRedpin), api.OpCreatePayment)
	assert.Nil(t, api.OperationIDs("stripe"))
	assert.Equal(t, "createCreditPaymentV4", api.OpCreateCreditPaymentV4)
}

func TestTokenEndpointExpand(t *testing.T) {
	fz, ok := api.TokenEndpointOf(api.ProviderFinzly)
	require.True(t, ok)
	tests := []struct {
		name string
		vars map[string]string
		want string
		err  bool
	}{
		{name: "defaults give the published URL", want: fz.URL},
		{name: "tenant realm", vars: map[string]string{"realm": "ACME.PROD"},
			want: "https://sandbox-security-uat.finzly.io/auth/realms/ACME.PROD/protocol/openid-connect/token"},
		{name: "host and realm", vars: map[string]string{"realm": "ACME", "securityHost": "security.acme.example:8443"},
			want: "https://security.acme.example:8443/auth/realms/ACME/protocol/openid-connect/token"},
		{name: "a realm cannot add path segments", vars: map[string]string{"realm": "a/../b?x"},
			want: "https://sandbox-security-uat.finzly.io/auth/realms/a%2F..%2Fb%3Fx/protocol/openid-connect/token"},
		{name: "a host cannot carry a user or a path", vars: map[string]string{"securityHost": "evil.example/x@"}, err: true},
		{name: "empty values take the default", vars: map[string]string{"realm": ""}, want: fz.URL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := fz.Expand(tc.vars)
			if tc.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
	rp, ok := api.TokenEndpointOf(api.ProviderRedpin)
	require.True(t, ok)
	assert.Empty(t, rp.Template)
	got, err := rp.Expand(map[string]string{"realm": "ignored"})
	require.NoError(t, err)
	assert.Equal(t, rp.URL, got, "without a template the URL is fixed")
	_, ok = api.TokenEndpointOf("stripe")
	assert.False(t, ok)
}
