package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"hone/journal"
	"hone/store"
)

func (a *app) encryptCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "encrypt",
		Short: "Encrypt the journal with a passphrase",
		Long: `Rewrite the journal so that everything you wrote in it is sealed with a key that
your passphrase unlocks. hone then asks for the passphrase at every start (or
reads --passphrase-file). A forgotten passphrase cannot be recovered. Backups
made before stay plain: hone lists them so that you can remove them.`,
		Example: "  hone encrypt\n  hone encrypt --passphrase-file ~/.config/hone/pass",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			pass, err := a.passphrase(true)
			if err != nil {
				return err
			}
			if err := store.Encrypt(path, pass); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Encrypted %s.\n", journal.SafeLine(path))
			plain, err := store.PlainBackups(path)
			if err != nil {
				return err
			}
			if len(plain) > 0 {
				fmt.Fprintln(a.stdout, "These backups were made before and are not encrypted; remove them once you trust the encrypted journal:")
				for _, p := range plain {
					fmt.Fprintln(a.stdout, "  "+journal.SafeLine(p))
				}
			}
			return nil
		},
	}
}

func (a *app) decryptCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "decrypt",
		Short: "Remove the journal's encryption",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			pass, err := a.passphrase(false)
			if err != nil {
				return err
			}
			if err := store.Decrypt(path, pass); err != nil {
				return err
			}
			fmt.Fprintf(a.stdout, "Decrypted %s; it is no longer protected by a passphrase.\n", journal.SafeLine(path))
			return nil
		},
	}
}

func (a *app) changePassphraseCommand() *cobra.Command {
	var newFile string
	cmd := &cobra.Command{
		Use:   "passphrase",
		Short: "Change the passphrase of an encrypted journal",
		Long: `Change the passphrase of an encrypted journal. The current passphrase comes from
the terminal or --passphrase-file, the new one from the terminal or
--new-passphrase-file.`,
		Example: "  hone passphrase\n  hone passphrase --passphrase-file old.txt --new-passphrase-file new.txt",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := a.journalPath()
			if err != nil {
				return err
			}
			old, err := a.secret("passphrase", a.passphrasePath(), "Current passphrase: ", false)
			if err != nil {
				return err
			}
			next, err := a.secret("new-passphrase", newFile, "New passphrase: ", true)
			if err != nil {
				return err
			}
			if err := store.ChangePassphrase(path, old, next); err != nil {
				return err
			}
			fmt.Fprintln(a.stdout, "Passphrase changed.")
			return nil
		},
	}
	cmd.Flags().StringVar(&newFile, "new-passphrase-file", "", "read the new passphrase from this file")
	return cmd
}
