"""The pairwise final: a shortlist judged two at a time, ranked by Bradley–Terry."""
