package goenv

import (
	"errors"
	"path"
	"strings"
)

// Getenv reads a variable of the environment being modelled (not of this process).
type Getenv func(string) string

// UserFile returns where the go command looks for the user go/env file under env on goos,
// following cfg.EnvFile and os.UserConfigDir. off reports GOENV=off; err says why there is no
// file (the go command then silently uses none).
func UserFile(env Getenv, goos string) (file string, off bool, err error) {
	if f := env("GOENV"); f != "" {
		if f == "off" {
			return "", true, nil
		}
		return f, false, nil
	}
	dir, err := UserConfigDir(env, goos)
	if err != nil {
		return "", false, err
	}
	return join(goos, dir, "go", "env"), false, nil
}

// UserConfigDir mirrors os.UserConfigDir for goos, reading env instead of this process.
func UserConfigDir(env Getenv, goos string) (string, error) {
	switch goos {
	case "windows":
		if d := env("AppData"); d != "" {
			return d, nil
		}
		if d := env("APPDATA"); d != "" { // Windows env names are case-insensitive
			return d, nil
		}
		return "", errors.New("%AppData% is not defined")
	case "darwin", "ios":
		if h := env("HOME"); h != "" {
			return h + "/Library/Application Support", nil
		}
		return "", errors.New("$HOME is not defined")
	case "plan9":
		if h := env("home"); h != "" {
			return h + "/lib", nil
		}
		return "", errors.New("$home is not defined")
	}
	if d := env("XDG_CONFIG_HOME"); d != "" {
		if !path.IsAbs(d) {
			return "", errors.New("path in $XDG_CONFIG_HOME is relative")
		}
		return d, nil
	}
	if h := env("HOME"); h != "" {
		return h + "/.config", nil
	}
	return "", errors.New("neither $XDG_CONFIG_HOME nor $HOME are defined")
}

// userCacheDir mirrors os.UserCacheDir for goos.
func userCacheDir(env Getenv, goos string) (string, error) {
	switch goos {
	case "windows":
		if d := env("LocalAppData"); d != "" {
			return d, nil
		}
		if d := env("LOCALAPPDATA"); d != "" {
			return d, nil
		}
		return "", errors.New("%LocalAppData% is not defined")
	case "darwin", "ios":
		if h := env("HOME"); h != "" {
			return h + "/Library/Caches", nil
		}
		return "", errors.New("$HOME is not defined")
	case "plan9":
		if h := env("home"); h != "" {
			return h + "/lib/cache", nil
		}
		return "", errors.New("$home is not defined")
	}
	if d := env("XDG_CACHE_HOME"); d != "" {
		if !path.IsAbs(d) {
			return "", errors.New("path in $XDG_CACHE_HOME is relative")
		}
		return d, nil
	}
	if h := env("HOME"); h != "" {
		return h + "/.cache", nil
	}
	return "", errors.New("neither $XDG_CACHE_HOME nor $HOME are defined")
}

func homeVar(goos string) string {
	switch goos {
	case "windows":
		return "USERPROFILE"
	case "plan9":
		return "home"
	}
	return "HOME"
}

// join joins path elements with goos's separator; the model must not depend on the host OS.
func join(goos string, elem ...string) string {
	if goos == "windows" {
		return strings.TrimRight(strings.Join(elem, `\`), `\`)
	}
	return path.Join(elem...)
}

// isAbs reports whether p is absolute on goos.
func isAbs(goos, p string) bool {
	if goos == "windows" {
		if strings.HasPrefix(p, `\\`) || strings.HasPrefix(p, `//`) {
			return true
		}
		return len(p) >= 3 && p[1] == ':' && (p[2] == '\\' || p[2] == '/')
	}
	return strings.HasPrefix(p, "/")
}

// ListSeparator is filepath.ListSeparator on goos.
func ListSeparator(goos string) string {
	if goos == "windows" {
		return ";"
	}
	if goos == "plan9" {
		return "\x00"
	}
	return ":"
}

// clean is filepath.Clean for goos (Windows paths only have their separators normalised).
func clean(goos, p string) string {
	if goos == "windows" {
		return strings.ReplaceAll(p, "/", `\`)
	}
	return path.Clean(p)
}
