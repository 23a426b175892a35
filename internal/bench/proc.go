package bench

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// Mem is a process's memory as /proc/<pid>/status reports it, in bytes.
type Mem struct {
	RSS     int64 `json:"rss"`     // VmRSS: resident now
	Peak    int64 `json:"peak"`    // VmHWM: the most ever resident
	Anon    int64 `json:"anon"`    // RssAnon: heap, stacks
	File    int64 `json:"file"`    // RssFile: mapped files (the index segments)
	Private int64 `json:"private"` // RssAnon + RssShmem
}

// ReadMem reads the memory figures of process pid (0 = this process).
func ReadMem(pid int) (Mem, error) {
	path := "/proc/self/status"
	if pid > 0 {
		path = fmt.Sprintf("/proc/%d/status", pid)
	}
	f, err := os.Open(path)
	if err != nil {
		return Mem{}, fmt.Errorf("bench: read memory: %w", err)
	}
	defer f.Close()
	var m Mem
	var shmem int64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		fs := strings.Fields(v)
		if len(fs) == 0 {
			continue
		}
		n, err := strconv.ParseInt(fs[0], 10, 64)
		if err != nil {
			continue
		}
		n *= 1024 // kB
		switch k {
		case "VmRSS":
			m.RSS = n
		case "VmHWM":
			m.Peak = n
		case "RssAnon":
			m.Anon = n
		case "RssFile":
			m.File = n
		case "RssShmem":
			shmem = n
		}
	}
	if err := sc.Err(); err != nil {
		return Mem{}, fmt.Errorf("bench: read memory: %w", err)
	}
	m.Private = m.Anon + shmem
	return m, nil
}

// MB converts bytes to megabytes (10^6, as the baseline reports).
func MB(b int64) float64 { return float64(b) / 1e6 }
