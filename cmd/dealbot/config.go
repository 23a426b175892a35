package main

import (
	"github.com/dealbot/dealbot/config"
)

// loadConfig reads the configuration from the environment and ./.env (the
// real environment wins); every command shares it.
func loadConfig(env *Env) (config.Config, error) {
	getenv := env.Getenv
	if !env.NoDotEnv {
		g, err := config.WithDotEnv(env.Getenv, ".env")
		if err != nil {
			return config.Config{}, err
		}
		getenv = g
	}
	return config.Load(getenv)
}
