package remote

import (
	"fmt"
	"path"
	"slices"
	"strings"
)

// notProfiles are the entries of C:\Users that are not a person's profile. defaultuser0 is the
// account Windows setup creates and often leaves behind.
var notProfiles = []string{"public", "default", "default user", "all users", "desktop.ini", "defaultuser0"}

// windowsHome finds the Windows user profile as seen from WSL. Windows variables reach WSL only
// through WSLENV, so $USERPROFILE is trusted only when WSLENV passes it; else Windows is asked
// through interop; else the profiles on the mounted drives are looked at.
func (d *detector) windowsHome(w *WSL, opt Options) (home, how string) {
	if home, how, ok := d.homeFromWSLENV(w); ok {
		return home, how
	}
	if w.Interop && opt.WindowsEnv != nil {
		v := opt.WindowsEnv("USERPROFILE")
		if p, ok := WindowsToWSLPath(v, w.AutomountRoot); ok {
			return p, fmt.Sprintf("asked Windows through interop: %%USERPROFILE%%=%s", v)
		}
		d.note("asking Windows for %%USERPROFILE%% through interop gave %s, not a drive path", quote(v))
	}
	return d.homeFromDrives(w.AutomountRoot)
}

// homeFromWSLENV uses $USERPROFILE when WSLENV passes it: a Linux path when flagged /p, a
// Windows path otherwise.
func (d *detector) homeFromWSLENV(w *WSL) (home, how string, ok bool) {
	v := d.env("USERPROFILE")
	if !w.FromWindows("USERPROFILE") || v == "" {
		return "", "", false
	}
	if strings.HasPrefix(v, "/") {
		return path.Clean(v), "$USERPROFILE, passed by WSLENV as a Linux path (USERPROFILE/p)", true
	}
	if p, ok := WindowsToWSLPath(v, w.AutomountRoot); ok {
		return p, fmt.Sprintf("$USERPROFILE=%s, passed by WSLENV, as WSL mounts it", v), true
	}
	d.note("$USERPROFILE=%s (passed by WSLENV) is neither a Linux nor a drive path", quote(v))
	return "", "", false
}

// homeFromDrives looks for the profile in <drive>\Users on every mounted drive: the one named
// like $USER (WSL's default user name is usually the Windows one), else the only one with an
// AppData folder; the AppData folder also decides between several named like $USER (a profile
// left on an old drive). Several candidates are not guessed between.
func (d *detector) homeFromDrives(root string) (home, how string) {
	var profiles []string
	drives, _ := d.f.ReadDir(root)
	slices.Sort(drives)
	for _, drive := range drives {
		if len(drive) != 1 || !isASCIILetter(drive[0]) {
			continue
		}
		users := root + drive + "/Users"
		names, _ := d.f.ReadDir(users)
		slices.Sort(names)
		for _, name := range names {
			if !slices.Contains(notProfiles, strings.ToLower(name)) {
				profiles = append(profiles, users+"/"+name)
			}
		}
	}
	where := root + "*/Users"
	if len(profiles) == 0 {
		return "", "no user profile under " + where
	}
	user := d.env("USER")
	candidates, how := profiles, "the only profile under "+where+" with an AppData folder"
	if named := slices.DeleteFunc(slices.Clone(profiles), func(p string) bool {
		return user == "" || !strings.EqualFold(path.Base(p), user)
	}); len(named) > 0 {
		candidates, how = named, fmt.Sprintf("the profile under %s named like $USER (%s)", where, user)
		if len(named) == 1 {
			return named[0], how
		}
		how += " with an AppData folder"
	}
	withAppData := slices.DeleteFunc(slices.Clone(candidates), func(p string) bool { return !d.f.Exists(p + "/AppData") })
	if len(withAppData) == 1 {
		return withAppData[0], how
	}
	return "", fmt.Sprintf("cannot tell which profile under %s is yours (%s); pass it with WSLENV=USERPROFILE/p", where, strings.Join(profiles, ", "))
}

// windowsGoEnv finds the Windows go/env (os.UserConfigDir is %AppData% on Windows) and reads it.
func (d *detector) windowsGoEnv(w *WSL) {
	appData := ""
	if v := d.env("APPDATA"); v != "" && w.FromWindows("APPDATA") {
		if strings.HasPrefix(v, "/") {
			appData = path.Clean(v)
		} else if p, ok := WindowsToWSLPath(v, w.AutomountRoot); ok {
			appData = p
		}
	}
	if appData == "" && w.WindowsHome != "" {
		appData = w.WindowsHome + "/AppData/Roaming"
	}
	if appData == "" {
		return
	}
	w.WindowsGoEnv = appData + "/go/env"
	if data, ok := d.read(w.WindowsGoEnv); ok {
		w.WindowsGoEnvData = data
		d.note("the Windows go/env is %s", w.WindowsGoEnv)
	}
}
