// Package placement holds the checks of the catalog table "Settings placement and divergence":
// Go variables written where nothing reads them, and editor contexts that end up with
// different values because of where a setting lives.
package placement

import "github.com/go-env-doctor/go-env-doctor/server/internal/check"

// Checks returns the checks of this table.
func Checks() []check.Check {
	return []check.Check{
		ineffectiveSetting,
		workspaceOverridesUser,
		contextDivergence,
		multirootGoplsEnv,
		httpProxySetting,
		testEnvOverride,
		launchEnvOverride,
		envfileMissing,
		envfileUnused,
		debugConsoleEnv,
	}
}
