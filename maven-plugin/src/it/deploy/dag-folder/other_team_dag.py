other_team = 1
