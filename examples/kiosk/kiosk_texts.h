/*
 * The kiosk's patient texts by stable id (texts/en.tsv and its translations; texts.py
 * turns the chosen table into C). Every text a person sees comes from here.
 */
#ifndef KIOSK_TEXTS_H
#define KIOSK_TEXTS_H

/* The text of `id` ("kiosk.welcome", "question.HP:0001482", ...), or NULL for an id the
 * table does not have. */
const char *kiosk_text(const char *id);

#endif
