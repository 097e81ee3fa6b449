package check

import (
	"strings"

	"github.com/go-env-doctor/go-env-doctor/server/internal/model"
)

// At returns the location of an origin written in a file, or nil for environment, default
// and derived origins.
func At(o model.Origin) *Location {
	if o.File == "" || o.Line == 0 {
		return nil
	}
	return &Location{File: o.File, Line: o.Line, Column: o.Column}
}

// layerBase strips the ":scope" suffix of a layer.
func layerBase(l model.Layer) string {
	s, _, _ := strings.Cut(string(l), ":")
	return s
}

// layerScope returns the settings scope of a scoped layer ("user", "workspace", ...).
func layerScope(l model.Layer) string {
	_, s, _ := strings.Cut(string(l), ":")
	return s
}

// IsSettingsLayer reports whether l is a VS Code setting (rather than launch.json, tasks.json,
// a file or the environment).
func IsSettingsLayer(l model.Layer) bool {
	switch model.Layer(layerBase(l)) {
	case model.LayerToolsEnvVars, model.LayerBuildEnv, model.LayerTestEnvVars, model.LayerHTTPProxy,
		model.LayerGopath, model.LayerGoroot:
		return true
	}
	return strings.HasPrefix(string(l), "terminal.integrated.env.")
}

// IsContextOverride reports whether l belongs to one launch configuration, test run or task
// rather than to the editor as a whole.
func IsContextOverride(l model.Layer) bool {
	switch model.Layer(layerBase(l)) {
	case model.LayerLaunchEnv, model.LayerLaunchEnvFile, model.LayerTestEnvFile, model.LayerTestEnvVars, model.LayerTaskEnv:
		return true
	}
	return false
}

// SetAt returns a fix that makes the place o writes name to write value instead, or false when
// that place cannot be edited for the user (a shell profile, the Go installation's go.env).
func SetAt(o model.Origin, name, value, title string) (Fix, bool) {
	return changeAt(o, name, &value, title)
}

// RemoveAt returns a fix that deletes the setting o, or false when it cannot be edited.
func RemoveAt(o model.Origin, name, title string) (Fix, bool) {
	return changeAt(o, name, nil, title)
}

func changeAt(o model.Origin, name string, value *string, title string) (Fix, bool) {
	switch {
	case o.Layer == model.LayerUserGoEnv && o.File != "":
		if value == nil {
			return GoEnvU(o.File, name, title, nil), true
		}
		return GoEnvW(o.File, name, *value, title), true
	case o.JSONPath != nil && o.File != "":
		f := Fix{Title: title, Kind: Edit, File: o.File, JSON: &JSONChange{Path: o.JSONPath, Value: value}}
		if IsSettingsLayer(o.Layer) {
			f.Kind = SetSetting
			if value == nil {
				f.Kind = RemoveSetting
			}
			f.Setting = settingRef(o)
		}
		return f, true
	case (o.Layer == model.LayerLaunchEnvFile || o.Layer == model.LayerTestEnvFile) && o.File != "" && o.Line > 0:
		lc := LineChange{Line: o.Line}
		if value != nil {
			lc.Text = Str(EnvFileLine(name, *value))
		}
		return Fix{Title: title, Kind: Edit, File: o.File, Lines: []LineChange{lc}}, true
	}
	return Fix{}, false
}

// settingRef turns a settings origin's JSON path back into setting key and members.
func settingRef(o model.Origin) *SettingRef {
	p := o.JSONPath
	if len(p) > 0 && p[0] == "settings" && strings.HasSuffix(o.File, ".code-workspace") {
		p = p[1:]
	}
	r := &SettingRef{Scope: layerScope(o.Layer)}
	for i, e := range p {
		s, _ := e.(string)
		if i == 0 {
			r.Key = s
		} else {
			r.Member = append(r.Member, s)
		}
	}
	return r
}

// SettingFix writes (value non-nil) or removes settings key[.members...] in the settings
// object at path/scope. prefix is the settings object's JSON path in that file.
func SettingFix(file, scope string, prefix []any, title string, value *string, key string, members ...string) Fix {
	path := append(append([]any{}, prefix...), key)
	for _, m := range members {
		path = append(path, m)
	}
	kind := SetSetting
	if value == nil {
		kind = RemoveSetting
	}
	return Fix{Title: title, Kind: kind, File: file, Setting: &SettingRef{Scope: scope, Key: key, Member: members},
		JSON: &JSONChange{Path: path, Value: value}}
}

// EnvFileLine writes KEY=VALUE for an env file, quoting the value when vscode-go's parser
// would otherwise change it.
func EnvFileLine(name, value string) string {
	if value == "" || strings.ContainsAny(value, " \t#'\"`$\\\n") {
		return name + `="` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(value) + `"`
	}
	return name + "=" + value
}
